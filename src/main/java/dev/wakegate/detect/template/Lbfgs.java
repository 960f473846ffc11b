package dev.wakegate.detect.template;

/** Limited-memory BFGS for a smooth convex function: enough to fit a {@link WordVerifier} at enrollment. */
final class Lbfgs {
    private static final int MEMORY = 10;
    private static final double GRADIENT_TOLERANCE = 1e-5, ARMIJO = 1e-4;

    /** A function that returns its value at {@code x} and writes its gradient there into {@code gradient}. */
    interface Function {
        double valueAndGradient(double[] x, double[] gradient);
    }

    private Lbfgs() {}

    /** The minimum found from {@code start} in at most {@code iterations} steps. */
    static double[] minimise(Function f, double[] start, int iterations) {
        int n = start.length;
        double[] x = start.clone(), g = new double[n];
        double value = f.valueAndGradient(x, g);
        double[][] s = new double[MEMORY][n], y = new double[MEMORY][n];
        double[] rho = new double[MEMORY], alpha = new double[MEMORY];
        int stored = 0, newest = -1;
        double[] direction = new double[n], nextX = new double[n], nextG = new double[n];
        for (int it = 0; it < iterations && norm(g) > GRADIENT_TOLERANCE; it++) {
            searchDirection(g, s, y, rho, alpha, stored, newest, direction);
            double slope = dot(direction, g);
            if (slope >= 0) {  // not a descent direction: start the memory again from the gradient
                stored = 0;
                for (int i = 0; i < n; i++) direction[i] = -g[i];
                slope = dot(direction, g);
            }
            double step = it == 0 && stored == 0 ? Math.min(1, 1 / norm(g)) : 1, nextValue;
            while (true) {
                for (int i = 0; i < n; i++) nextX[i] = x[i] + step * direction[i];
                nextValue = f.valueAndGradient(nextX, nextG);
                if (nextValue <= value + ARMIJO * step * slope || step < 1e-12) break;
                step /= 2;
            }
            if (step < 1e-12) break;
            newest = (newest + 1) % MEMORY;
            for (int i = 0; i < n; i++) {
                s[newest][i] = nextX[i] - x[i];
                y[newest][i] = nextG[i] - g[i];
            }
            double sy = dot(s[newest], y[newest]);
            if (sy > 1e-12) {
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, MEMORY);
            } else {
                newest = (newest + MEMORY - 1) % MEMORY;
            }
            System.arraycopy(nextX, 0, x, 0, n);
            System.arraycopy(nextG, 0, g, 0, n);
            value = nextValue;
        }
        return x;
    }

    /** The two-loop recursion: the inverse Hessian estimate from the stored steps applied to the negative gradient. */
    private static void searchDirection(double[] g, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest, double[] out) {
        int n = g.length;
        for (int i = 0; i < n; i++) out[i] = -g[i];
        for (int k = 0, j = newest; k < stored; k++, j = (j + MEMORY - 1) % MEMORY) {
            alpha[j] = rho[j] * dot(s[j], out);
            for (int i = 0; i < n; i++) out[i] -= alpha[j] * y[j][i];
        }
        if (stored > 0) {
            double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            for (int i = 0; i < n; i++) out[i] *= gamma;
        }
        int oldest = (newest - stored + 1 + MEMORY) % MEMORY;
        for (int k = 0, j = oldest; k < stored; k++, j = (j + 1) % MEMORY) {
            double beta = rho[j] * dot(y[j], out);
            for (int i = 0; i < n; i++) out[i] += s[j][i] * (alpha[j] - beta);
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
