package dev.dendrite.ops.database;

import dev.dendrite.tensor.Tensor;

import java.util.function.Function;

/**
 * One entry of the op database: an op applied to sample inputs, the result it must give
 * (computed independently of the op's implementation), and whether gradcheck applies.
 *
 * <p>The database runs every case four ways: forward on the inputs as given, forward on
 * non-contiguous copies of them, and (when {@link #gradcheck}) gradcheck in float64 on both.
 *
 * @param gradInputs which inputs gradcheck differentiates (floating inputs by default)
 */
public record OpCase(String name, Function<Tensor[], Tensor> op, Tensor[] inputs, Tensor expected,
                     double tolerance, boolean gradcheck, boolean[] gradInputs) {

    public static Builder of(String name, Function<Tensor[], Tensor> op) { return new Builder(name, op); }

    @Override
    public String toString() { return name; }

    /** Builds a case: {@code OpCase.of("add broadcast", in -> in[0].add(in[1])).inputs(a, b).expect(ref).build()}. */
    public static final class Builder {
        private final String name;
        private final Function<Tensor[], Tensor> op;
        private Tensor[] inputs = new Tensor[0];
        private Tensor expected;
        private double tolerance = 1e-5;
        private boolean gradcheck = true;
        private boolean[] gradInputs;

        Builder(String name, Function<Tensor[], Tensor> op) {
            this.name = name;
            this.op = op;
        }

        public Builder inputs(Tensor... inputs) { this.inputs = inputs; return this; }

        /** The reference result (its dtype is checked too). */
        public Builder expect(Tensor expected) { this.expected = expected; return this; }

        public Builder tolerance(double tol) { this.tolerance = tol; return this; }

        /** For ops that are not differentiable (comparisons, integer results, indices). */
        public Builder noGrad() { this.gradcheck = false; return this; }

        /** Restricts gradcheck to the inputs flagged true (e.g. not an index tensor). */
        public Builder gradFor(boolean... which) { this.gradInputs = which; return this; }

        public OpCase build() {
            if (expected == null) throw new IllegalStateException(name + ": a case needs an expected result");
            boolean[] which = gradInputs;
            if (which == null) {
                which = new boolean[inputs.length];
                for (int i = 0; i < inputs.length; i++) which[i] = inputs[i].isFloatingPoint();
            }
            return new OpCase(name, op, inputs, expected, tolerance, gradcheck, which);
        }
    }
}
