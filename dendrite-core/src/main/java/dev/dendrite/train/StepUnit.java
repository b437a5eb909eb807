package dev.dendrite.train;

/** When the trainer steps an LR scheduler: after every optimizer step, or after every epoch. */
public enum StepUnit { BATCH, EPOCH }
