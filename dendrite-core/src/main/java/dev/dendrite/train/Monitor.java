package dev.dendrite.train;

import java.util.Map;

/** A monitored epoch-log value and the direction that counts as better, shared by early stopping and checkpoints. */
record Monitor(String key, Mode mode, double minDelta) {
    enum Mode { MIN, MAX }

    static Monitor of(String key, String mode, double minDelta, String owner) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException(owner + ": monitor must name an epoch log value");
        if (!(minDelta >= 0)) throw new IllegalArgumentException(owner + ": minDelta must be >= 0, got " + minDelta);
        Mode m = switch (mode) {
            case "min" -> Mode.MIN;
            case "max" -> Mode.MAX;
            // as Keras: accuracy-like values grow, everything else (losses, errors) shrinks
            case "auto" -> key.contains("acc") || key.contains("f1") || key.contains("precision") || key.contains("recall") || key.endsWith("r2")
                    ? Mode.MAX : Mode.MIN;
            default -> throw new IllegalArgumentException(owner + ": mode must be \"min\", \"max\" or \"auto\", got \"" + mode + "\"");
        };
        return new Monitor(key, m, minDelta);
    }

    double read(Map<String, Double> logs, String owner) {
        Double v = logs.get(key);
        if (v == null) {
            throw new IllegalArgumentException(owner + ": monitored value '" + key + "' is not in the epoch logs " + logs.keySet()
                    + (key.startsWith("val_") ? " (did you pass a validation set to fit?)" : ""));
        }
        return v;
    }

    /** Whether {@code v} beats {@code best} by more than minDelta (anything beats NaN, NaN beats nothing). */
    boolean improves(double v, double best) {
        if (Double.isNaN(v)) return false;
        if (Double.isNaN(best)) return true;
        return mode == Mode.MIN ? v < best - minDelta : v > best + minDelta;
    }
}
