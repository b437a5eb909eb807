/**
 * Learning-rate schedules. Step-driven schedules extend {@link dev.dendrite.optim.lr.LRScheduler}
 * and are closed forms of the epoch (exact over long runs, composable by
 * {@link dev.dendrite.optim.lr.SequentialLR} and {@link dev.dendrite.optim.lr.ChainedScheduler});
 * {@link dev.dendrite.optim.lr.ReduceLROnPlateau} follows a metric. As in PyTorch, building a
 * schedule sets the epoch-0 rate, and {@code step()} is called after {@code optimizer.step()}.
 * To resume: build the optimizer and schedule as before, then load the optimizer's state, then the
 * schedule's.
 */
package dev.dendrite.optim.lr;
