package dev.wakegate.tune;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The sweep as a DET curve, drawn with Java2D (headless): false accepts per hour across, miss rate up, one dot per
 * swept sensitivity joined in order, the target as a dashed line and the recommended point as a large dot in
 * {@link #RECOMMENDED}. Lower-left is better.
 */
public final class CurvePlot {
    public static final int WIDTH = 800, HEIGHT = 600;
    /** The recommended point's colour (tests look for it). */
    public static final Color RECOMMENDED = new Color(214, 39, 40);
    static final Color CURVE = new Color(31, 119, 180), TARGET = new Color(120, 120, 120), GRID = new Color(225, 225, 225);
    private static final int LEFT = 86, RIGHT = 30, TOP = 64, BOTTOM = 72;

    private CurvePlot() {}

    public static BufferedImage render(List<Sweep.Point> curve, Optional<Sweep.Point> recommended, double targetFaPerHour, String title) {
        if (curve.isEmpty()) throw new IllegalArgumentException("nothing to plot");
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            var axes = Axes.of(curve, targetFaPerHour);
            grid(g, axes);
            target(g, axes, targetFaPerHour);
            line(g, axes, curve);
            recommended.ifPresent(p -> recommendedPoint(g, axes, p));
            labels(g, title, recommended, targetFaPerHour);
        } finally {
            g.dispose();
        }
        return image;
    }

    public static void write(BufferedImage image, Path png) throws IOException {
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer in this Java runtime");
    }

    /** Data ranges and the mapping to pixels. */
    private record Axes(double xMax, double xStep, double yMax, double yStep) {
        static Axes of(List<Sweep.Point> curve, double target) {
            double maxFa = curve.stream().mapToDouble(Sweep.Point::faPerHour).max().orElse(0);
            double maxMiss = curve.stream().mapToDouble(p -> 100 * (1 - p.recall())).max().orElse(0);
            double xStep = niceStep(Math.max(Math.max(maxFa, 2 * target), 1) / 5);
            double yStep = niceStep(Math.max(maxMiss, 10) / 5);
            double xMax = xStep * Math.ceil(Math.max(Math.max(maxFa, 2 * target), 1) / xStep);
            double yMax = Math.min(100, yStep * Math.ceil(Math.max(maxMiss, 10) / yStep));
            return new Axes(xMax, xStep, yMax, yStep);
        }

        double px(double fa) {
            return LEFT + fa / xMax * (WIDTH - LEFT - RIGHT);
        }

        double py(double missPercent) {
            return HEIGHT - BOTTOM - missPercent / yMax * (HEIGHT - TOP - BOTTOM);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw - 1e-12) return m * p;
        return 10 * p;
    }

    private static void grid(Graphics2D g, Axes a) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i * a.xStep() <= a.xMax() + 1e-9; i++) {
            double v = i * a.xStep(), x = a.px(v);
            g.setColor(GRID);
            g.draw(new Line2D.Double(x, TOP, x, HEIGHT - BOTTOM));
            g.setColor(Color.BLACK);
            g.draw(new Line2D.Double(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5));
            String label = number(v);
            g.drawString(label, (float) (x - fm.stringWidth(label) / 2.0), HEIGHT - BOTTOM + 8 + fm.getAscent());
        }
        for (int i = 0; i * a.yStep() <= a.yMax() + 1e-9; i++) {
            double v = i * a.yStep(), y = a.py(v);
            g.setColor(GRID);
            g.draw(new Line2D.Double(LEFT, y, WIDTH - RIGHT, y));
            g.setColor(Color.BLACK);
            g.draw(new Line2D.Double(LEFT - 5, y, LEFT, y));
            String label = number(v) + "%";
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), (float) (y + fm.getAscent() / 2.0 - 1));
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new Line2D.Double(LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        g.draw(new Line2D.Double(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
    }

    private static void target(Graphics2D g, Axes a, double target) {
        double x = a.px(target);
        g.setColor(TARGET);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
        g.draw(new Line2D.Double(x, TOP, x, HEIGHT - BOTTOM));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("target " + number(target) + "/h", (float) x + 5, TOP + 14);
    }

    private static void line(Graphics2D g, Axes a, List<Sweep.Point> curve) {
        List<Sweep.Point> sorted = curve.stream().sorted(Comparator.comparingDouble(Sweep.Point::sensitivity)).toList();
        var path = new Path2D.Double();
        for (int i = 0; i < sorted.size(); i++) {
            var p = sorted.get(i);
            double x = a.px(p.faPerHour()), y = a.py(100 * (1 - p.recall()));
            if (i == 0) path.moveTo(x, y);
            else path.lineTo(x, y);
        }
        g.setColor(CURVE);
        g.setStroke(new BasicStroke(2f));
        g.draw(path);
        for (var p : sorted) {
            double x = a.px(p.faPerHour()), y = a.py(100 * (1 - p.recall()));
            g.fill(new Ellipse2D.Double(x - 3.5, y - 3.5, 7, 7));
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (var p : List.of(sorted.get(0), sorted.get(sorted.size() - 1))) {
            double x = a.px(p.faPerHour()), y = a.py(100 * (1 - p.recall()));
            g.drawString("s=" + number(p.sensitivity()), (float) x + 7, (float) y - 7);
        }
    }

    private static void recommendedPoint(Graphics2D g, Axes a, Sweep.Point p) {
        double x = a.px(p.faPerHour()), y = a.py(100 * (1 - p.recall()));
        g.setColor(RECOMMENDED);
        g.fill(new Ellipse2D.Double(x - 8, y - 8, 16, 16));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        String label = String.format(Locale.ROOT, "recommended s=%.2f (recall %.0f%%, %s FA/h)", p.sensitivity(), 100 * p.recall(),
                number(p.faPerHour()));
        FontMetrics fm = g.getFontMetrics();
        float lx = (float) Math.min(x + 12, WIDTH - RIGHT - fm.stringWidth(label) - 4);
        float ly = (float) Math.max(TOP + 30, y - 12);
        g.drawString(label, lx, ly);
    }

    private static void labels(Graphics2D g, String title, Optional<Sweep.Point> recommended, double target) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2f, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        String sub = recommended.isPresent() ? "one dot per sensitivity; lower left is better"
                : "no sensitivity meets the target of " + number(target) + " false accepts per hour";
        g.drawString(sub, (WIDTH - fm.stringWidth(sub)) / 2f, 48);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        fm = g.getFontMetrics();
        String x = "False accepts per hour (negatives)";
        g.drawString(x, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(x)) / 2f, HEIGHT - 22);
        String y = "Miss rate (positives not detected)";
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(y, -(TOP + (HEIGHT - TOP - BOTTOM + fm.stringWidth(y)) / 2f), 22);
        g.setTransform(saved);
    }

    private static String number(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) return Long.toString(Math.round(v));
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
    }
}
