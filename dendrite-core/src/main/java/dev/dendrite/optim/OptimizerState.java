package dev.dendrite.optim;

import dev.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an optimizer needs to resume exactly, as a flat tensor map and a flat number map, so
 * that it can be stored as a safetensors file (tensors + string metadata). Key names follow
 * PyTorch's optimizer state dict, flattened with dots; parameters are numbered across all groups
 * in order, from 0:
 *
 * <ul>
 *   <li>{@code state.<i>.<name>} in {@link #tensors()}: per-parameter buffers such as
 *       {@code state.3.exp_avg}, {@code state.0.momentum_buffer};</li>
 *   <li>{@code state.<i>.<name>} in {@link #scalars()}: per-parameter numbers such as
 *       {@code state.3.step} or {@code state.3.mu_product};</li>
 *   <li>{@code param_groups.<g>.<hyperparameter>} in {@link #scalars()}: each group's settings, such as
 *       {@code param_groups.0.lr}, {@code param_groups.1.weight_decay}, {@code param_groups.0.beta1}
 *       (booleans are 1 or 0);</li>
 *   <li>{@code param_groups.<g>.num_params}: how many parameters group {@code g} holds (parameters
 *       belong to groups in order, so this fixes which indices are whose).</li>
 * </ul>
 *
 * <p>The maps are copies: training on does not change a saved state.
 */
public record OptimizerState(Map<String, Tensor> tensors, Map<String, Double> scalars) {
    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }
}
