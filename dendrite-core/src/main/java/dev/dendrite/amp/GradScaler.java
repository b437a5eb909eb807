package dev.dendrite.amp;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.optim.Optimizer;
import dev.dendrite.optim.ParamGroup;
import dev.dendrite.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dynamic loss scaling for float16 training, as {@code torch.cuda.amp.GradScaler}. Small float16
 * gradients underflow to zero; multiplying the loss by a large scale before {@code backward}
 * keeps them representable, and the gradients are divided by the same scale before the step.
 *
 * <pre>{@code
 * scaler.scale(loss).backward();
 * scaler.unscale(optimizer);              // optional: only needed to clip the true gradients
 * GradClip.clipGradNorm(params, 1.0);
 * scaler.step(optimizer);                 // skipped when a gradient is inf or NaN
 * scaler.update();                        // backs off after an overflow, grows after a clean run
 * }</pre>
 *
 * <p>Update rule: after a step with non-finite gradients the scale is multiplied by
 * {@code backoffFactor} and the growth counter resets; after {@code growthInterval} consecutive
 * clean steps it is multiplied by {@code growthFactor}. Defaults follow PyTorch: initial scale
 * 2^16, growth 2, backoff 0.5, interval 2000.
 */
public final class GradScaler {
    private final double growthFactor;
    private final double backoffFactor;
    private final int growthInterval;
    private final boolean enabled;
    private double scale;
    private int growthTracker;

    /** Per optimizer, in the current iteration: unscaled yet, and whether a non-finite grad was seen. */
    private final IdentityHashMap<Optimizer, Boolean> foundInf = new IdentityHashMap<>();
    private final IdentityHashMap<Optimizer, Boolean> stepped = new IdentityHashMap<>();

    public GradScaler() { this(65536.0, 2.0, 0.5, 2000, true); }

    public GradScaler(double initScale, double growthFactor, double backoffFactor, int growthInterval, boolean enabled) {
        if (!(initScale > 0) || Double.isInfinite(initScale)) throw new IllegalArgumentException("GradScaler: initScale must be a positive finite number, got " + initScale);
        if (!(growthFactor > 1)) throw new IllegalArgumentException("GradScaler: growthFactor must be > 1, got " + growthFactor);
        if (!(backoffFactor > 0 && backoffFactor < 1)) throw new IllegalArgumentException("GradScaler: backoffFactor must be in (0, 1), got " + backoffFactor);
        if (growthInterval < 1) throw new IllegalArgumentException("GradScaler: growthInterval must be >= 1, got " + growthInterval);
        this.scale = initScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
        this.enabled = enabled;
    }

    public boolean isEnabled() { return enabled; }

    /** The current scale (1 when disabled). */
    public double getScale() { return enabled ? scale : 1.0; }

    public int growthTracker() { return growthTracker; }

    /** {@code loss * scale} (the loss itself when disabled). */
    public Tensor scale(Tensor loss) {
        if (!enabled) return loss;
        return loss.mul(scale);
    }

    /**
     * Divides the gradients of {@code optimizer}'s parameters by the scale, in place, and records
     * whether any is inf or NaN. Once per optimizer per iteration (between {@link #update}s).
     */
    public void unscale(Optimizer optimizer) {
        if (!enabled) return;
        if (foundInf.containsKey(optimizer)) {
            throw new IllegalStateException("GradScaler.unscale: already called on this optimizer since the last update()");
        }
        if (stepped.containsKey(optimizer)) {
            throw new IllegalStateException("GradScaler.unscale: step() was already called on this optimizer since the last update()");
        }
        // the reciprocal in float, as PyTorch computes inv_scale; exact for the usual powers of two
        float inv = (float) (1.0 / scale);
        boolean inf = false;
        try (var s = Autograd.noGrad()) {
            for (ParamGroup g : optimizer.paramGroups()) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    grad.mul_(inv);
                    if (!inf && !allFinite(grad)) inf = true;
                }
            }
        }
        foundInf.put(optimizer, inf);
    }

    private static boolean allFinite(Tensor t) {
        for (double v : t.toDoubleArray()) if (!Double.isFinite(v)) return false;
        return true;
    }

    /**
     * Unscales (if {@link #unscale} was not called) and steps the optimizer, unless a gradient was
     * inf or NaN, in which case the step is skipped. Returns whether the optimizer stepped.
     */
    public boolean step(Optimizer optimizer) {
        if (!enabled) {
            optimizer.step();
            return true;
        }
        if (stepped.containsKey(optimizer)) {
            throw new IllegalStateException("GradScaler.step: already called on this optimizer since the last update()");
        }
        if (!foundInf.containsKey(optimizer)) unscale(optimizer);
        boolean inf = foundInf.get(optimizer);
        stepped.put(optimizer, true);
        if (inf) return false;
        optimizer.step();
        return true;
    }

    /** True if the last unscale of {@code optimizer} (this iteration) found an inf or NaN gradient. */
    public boolean foundInf(Optimizer optimizer) {
        Boolean b = foundInf.get(optimizer);
        return b != null && b;
    }

    /** Adjusts the scale from this iteration's overflow checks, and starts the next iteration. */
    public void update() {
        if (!enabled) return;
        if (foundInf.isEmpty()) {
            throw new IllegalStateException("GradScaler.update: no inf checks were recorded; call step() (or unscale()) first");
        }
        boolean inf = foundInf.containsValue(Boolean.TRUE);
        if (inf) {
            scale *= backoffFactor;
            growthTracker = 0;
        } else if (++growthTracker == growthInterval) {
            scale *= growthFactor;
            growthTracker = 0;
        }
        foundInf.clear();
        stepped.clear();
    }

    /** Sets the scale by hand (as {@code update(new_scale)}). */
    public void setScale(double newScale) {
        if (!(newScale > 0) || Double.isInfinite(newScale)) throw new IllegalArgumentException("GradScaler: scale must be a positive finite number, got " + newScale);
        scale = newScale;
    }

    public Map<String, Double> stateDict() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("scale", scale);
        m.put("growth_factor", growthFactor);
        m.put("backoff_factor", backoffFactor);
        m.put("growth_interval", (double) growthInterval);
        m.put("growth_tracker", (double) growthTracker);
        return m;
    }

    /** Restores the scale and growth counter (the factors are the constructor's). */
    public void loadStateDict(Map<String, Double> state) {
        Double s = state.get("scale"), t = state.get("growth_tracker");
        if (s == null || t == null) throw new IllegalArgumentException("GradScaler.loadStateDict: state needs 'scale' and 'growth_tracker', got " + state.keySet());
        setScale(s);
        growthTracker = (int) (double) t;
    }
}
