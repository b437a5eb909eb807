package dev.dendrite.ops.database;

import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

import static dev.dendrite.ops.database.Ref.sample;

/** Unary and binary elementwise math, comparisons and logical ops. */
final class ElementwiseCatalog implements OpCatalog {

    @Override
    public List<OpCase> cases() {
        List<OpCase> cases = new ArrayList<>();
        Tensor a = sample(1, 3, 4), b = sample(2, 3, 4), row = sample(3, 4), col = sample(4, 3, 1);
        cases.add(OpCase.of("add", in -> in[0].add(in[1])).inputs(a, b).expect(Ref.zip(a, b, Double::sum)).build());
        cases.add(OpCase.of("add broadcast row", in -> in[0].add(in[1])).inputs(a, row).expect(Ref.zip(a, row, Double::sum)).build());
        cases.add(OpCase.of("sub broadcast col x row", in -> in[0].sub(in[1])).inputs(col, row)
                .expect(Ref.zip(col, row, (x, y) -> x - y)).build());
        cases.add(OpCase.of("mul", in -> in[0].mul(in[1])).inputs(a, col).expect(Ref.zip(a, col, (x, y) -> x * y)).build());
        cases.add(OpCase.of("div", in -> in[0].div(in[1])).inputs(a, sample(5, 0.5, 2, Dtype.FLOAT64, 3, 4))
                .expect(Ref.zip(a, sample(5, 0.5, 2, Dtype.FLOAT64, 3, 4), (x, y) -> x / y)).build());
        Tensor pos = sample(6, 0.2, 3, Dtype.FLOAT64, 2, 3);
        cases.add(OpCase.of("exp", in -> in[0].exp()).inputs(a).expect(Ref.map(a, Math::exp)).build());
        cases.add(OpCase.of("log", in -> in[0].log()).inputs(pos).expect(Ref.map(pos, Math::log)).build());
        cases.add(OpCase.of("tanh", in -> in[0].tanh()).inputs(a).expect(Ref.map(a, Math::tanh)).build());
        cases.add(OpCase.of("lt (bool result)", in -> in[0].lt(in[1])).inputs(a, row)
                .expect(Ref.zip(a, row, (x, y) -> x < y ? 1 : 0, Dtype.BOOL)).noGrad().build());
        return cases;
    }
}
