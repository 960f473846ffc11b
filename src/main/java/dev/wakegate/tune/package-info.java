/**
 * Offline evaluation of a wake-word detector on the owner's own recordings: what each sensitivity costs in misses
 * and false wakes ({@link dev.wakegate.tune.Sweep}), which value to use, and the curve as a picture
 * ({@link dev.wakegate.tune.CurvePlot}) and as CSV. Pure functions of detections and labels: running the detector
 * is {@code cli}'s job (through {@link dev.wakegate.detect.MultiScanner}).
 */
package dev.wakegate.tune;
