package dev.dendrite.bench;

/**
 * The training steps of {@link StepModels} run by another framework (PyTorch through DJL; see
 * {@code src/djl/java}, compiled only with {@code -Pdjl}). Built from the Dendrite models so that
 * both sides start from the same parameters and data.
 */
public interface ReferenceSteps extends AutoCloseable {
    /** E.g. "PyTorch 2.7.1 (CPU) through DJL 0.35.1, 2 intra-op threads". */
    String description();

    StepModels.Step lenet(StepModels.LeNet model);

    StepModels.Step basicBlock(StepModels.BasicBlock model);

    @Override
    void close();
}
