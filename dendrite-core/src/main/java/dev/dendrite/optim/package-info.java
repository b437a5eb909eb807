/**
 * Optimizers, learning-rate schedules ({@link dev.dendrite.optim.lr}) and gradient clipping.
 *
 * <pre>{@code
 * var opt = new AdamW(List.of(ParamGroup.of(backbone.parameters()).lr(1e-4),
 *                             ParamGroup.of(head.parameters())),
 *                     AdamW.options().lr(1e-3).weightDecay(0.05));
 * var sched = new WarmupCosine(opt, 500, 10_000, 1e-5);
 * for (var batch : loader) {
 *     opt.zeroGrad();
 *     loss(batch).backward();
 *     GradClip.clipGradNorm(model.parameters(), 1.0);
 *     opt.step();
 *     sched.step();
 * }
 * OptimizerState saved = opt.stateDict();          // tensors + numbers, for a safetensors file
 * Map<String, Double> schedState = sched.stateDict();
 * }</pre>
 *
 * <p>Every optimizer follows PyTorch's update equations and defaults (Yogi, LAMB and LARS, which
 * PyTorch lacks, follow their papers; each class documents its equations and variant).
 * Hyperparameters carry PyTorch's names ({@code lr}, {@code weight_decay}, {@code beta1}, ...) in
 * each group and in the state dict; see {@link dev.dendrite.optim.OptimizerState} for the keys.
 */
package dev.dendrite.optim;
