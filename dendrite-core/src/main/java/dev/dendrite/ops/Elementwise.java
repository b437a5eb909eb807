package dev.dendrite.ops;

import dev.dendrite.autograd.Autograd;
import dev.dendrite.kernels.BinaryOp;
import dev.dendrite.kernels.Kernels;
import dev.dendrite.kernels.Strided;
import dev.dendrite.kernels.UnaryOp;
import dev.dendrite.storage.Dtype;
import dev.dendrite.tensor.Shapes;
import dev.dendrite.tensor.Tensor;

/**
 * Elementwise ops: each forward (a kernel call) beside its derivative. Binary ops broadcast by
 * NumPy's rules and promote dtypes as PyTorch does; 16-bit floating inputs compute in float32 and
 * convert back.
 */
public final class Elementwise {
    private Elementwise() {}

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    /** A 0-dim tensor for a scalar operand: the tensor's dtype if floating (or the scalar is whole), else float32. */
    public static Tensor scalarFor(Tensor t, double s) {
        Dtype dt = t.dtype();
        if (!dt.isFloatingPoint() && (s != Math.rint(s) || Double.isInfinite(s))) dt = Dtype.FLOAT32;
        if (dt == Dtype.BOOL && s != 0 && s != 1) dt = Dtype.INT64;
        return Tensor.scalar(s, dt);
    }

    /** The dtype a binary op computes in: 0-dim operands do not widen a higher-rank tensor's floating type. */
    static Dtype resultType(Tensor a, Tensor b) {
        Dtype da = a.dtype(), db = b.dtype();
        if (da == db) return da;
        boolean aScalar = a.dim() == 0, bScalar = b.dim() == 0;
        if (aScalar != bScalar) {
            Dtype tensorType = aScalar ? db : da, scalarType = aScalar ? da : db;
            // as in PyTorch, a scalar only matters if it is of a higher category (float over int over bool)
            if (category(scalarType) <= category(tensorType)) return tensorType;
            if (scalarType.isFloatingPoint()) return Dtype.FLOAT32 == scalarType || scalarType.isHalf() ? Dtype.FLOAT32 : scalarType;
        }
        return Dtype.promote(da, db);
    }

    private static int category(Dtype d) {
        return d == Dtype.BOOL ? 0 : d.isFloatingPoint() ? 2 : 1;
    }

    // ================================================================ cast

    /** Conversion to another dtype; differentiable between floating types. */
    public static Tensor cast(Tensor a, Dtype dtype) {
        Tensor out = Tensor.empty(dtype, a.shape());
        Kernels.backend().copy(a.shape(), a.strided(), out.strided());
        if (dtype.isFloatingPoint() && Autograd.needsGrad(a)) {
            Dtype from = a.dtype();
            Autograd.record("to", out, a, g -> new Tensor[] {g.to(from)});
        }
        return out;
    }

    // ================================================================ binary

    public static Tensor add(Tensor a, Tensor b) { return binary(BinaryOp.ADD, a, b); }

    public static Tensor sub(Tensor a, Tensor b) { return binary(BinaryOp.SUB, a, b); }
    public static Tensor mul(Tensor a, Tensor b) { return binary(BinaryOp.MUL, a, b); }

    public static Tensor div(Tensor a, Tensor b) {
        // true division: integers divide as floats, as in PyTorch
        if (!a.dtype().isFloatingPoint() && !b.dtype().isFloatingPoint()) {
            return binary(BinaryOp.DIV, a.to(Dtype.FLOAT32), b.to(Dtype.FLOAT32));
        }
        return binary(BinaryOp.DIV, a, b);
    }

    public static Tensor pow(Tensor a, Tensor b) { return binary(BinaryOp.POW, a, b); }

    /** {@code a^p} for a constant exponent, with the simpler derivative {@code p a^(p-1)}. */
    public static Tensor powScalar(Tensor a, double p) {
        if (p == 1) return Views.clone(a);   // a new tensor, never an alias of the input
        if (p == 2) return unary(UnaryOp.SQUARE, a);
        Tensor exponent = scalarFor(a, p);
        Tensor out = forwardBinary("pow", BinaryOp.POW, a.detach(), exponent);
        if (Autograd.needsGrad(a)) {
            // x^0 is constant: its derivative is 0 everywhere (not 0 * x^-1, which is NaN at 0)
            Autograd.record("pow", out, a, g -> new Tensor[] {p == 0 ? Tensor.zerosLike(g) : g.mul(a.pow(p - 1).mul(p))});
        }
        return out;
    }

    /** Runs a binary op and records its derivative. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        Tensor out = forwardBinary(name, op, a, b);
        if (Autograd.needsGrad(a, b) && out.dtype().isFloatingPoint()) {
            int[] as = a.shape(), bs = b.shape();
            Autograd.record(name, out, new Tensor[] {a, b}, g -> binaryBackward(op, g, a, b, out, as, bs));
        }
        return out;
    }

    /** Comparisons and logical ops: bool results, never differentiable. */
    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        return forwardBinary(op.name().toLowerCase(), op, a, b);
    }

    private static Tensor forwardBinary(String name, BinaryOp op, Tensor a, Tensor b) {
        Dtype dt = op.isLogical() ? Dtype.BOOL : resultType(a, b);
        Dtype compute = dt.computeType();
        if (compute == Dtype.BOOL && !op.producesBool()) {
            // bool arithmetic as in torch: + and maximum are logical or, * and minimum logical and
            BinaryOp logical = switch (op) {
                case ADD, MAX -> BinaryOp.OR;
                case MUL, MIN -> BinaryOp.AND;
                default -> throw new IllegalArgumentException(name + ": not supported for two bool tensors; "
                        + "convert them with to(...) first");
            };
            return forwardBinary(name, logical, a, b);
        }
        Tensor ac = a.dtype() == compute ? a : castData(a, compute);
        Tensor bc = b.dtype() == compute ? b : castData(b, compute);
        if (op.isLogical()) {
            ac = a.dtype() == Dtype.BOOL ? a : compare(BinaryOp.NE, a, scalarFor(a, 0));
            bc = b.dtype() == Dtype.BOOL ? b : compare(BinaryOp.NE, b, scalarFor(b, 0));
        }
        if (!compute.isFloatingPoint() && (op == BinaryOp.ATAN2)) {
            ac = castData(ac, Dtype.FLOAT32);
            bc = castData(bc, Dtype.FLOAT32);
            compute = Dtype.FLOAT32;
            dt = Dtype.FLOAT32;
        }
        int[] as = ac.shape(), bs = bc.shape();
        int[] shape = Shapes.broadcast(name, as, bs);
        Tensor out = Tensor.empty(op.producesBool() ? Dtype.BOOL : compute, shape);
        Strided sa = shape == as ? ac.strided() : new Strided(ac.storage(), ac.storageOffset(),
                Shapes.broadcastStrides(name, as, ac.strides(), shape));
        Strided sb = shape == bs ? bc.strided() : new Strided(bc.storage(), bc.storageOffset(),
                Shapes.broadcastStrides(name, bs, bc.strides(), shape));
        Kernels.backend().binary(op, shape, sa, sb, out.strided());
        if (!op.producesBool() && dt != compute) return castData(out, dt);
        return out;
    }

    /** A dtype conversion outside autograd (the caller records its own derivative). */
    static Tensor castData(Tensor a, Dtype dtype) {
        Tensor out = Tensor.empty(dtype, a.shape());
        Kernels.backend().copy(a.shape(), a.strided(), out.strided());
        return out;
    }

    private static Tensor[] binaryBackward(BinaryOp op, Tensor g, Tensor a, Tensor b, Tensor out, int[] as, int[] bs) {
        boolean needA = a.isRequiresGrad(), needB = b.isRequiresGrad();
        Tensor ga = null, gb = null;
        switch (op) {
            case ADD -> {
                ga = g;
                gb = g;
            }
            case SUB -> {
                ga = g;
                gb = needB ? g.neg() : null;
            }
            case MUL -> {
                ga = needA ? g.mul(b) : null;
                gb = needB ? g.mul(a) : null;
            }
            case DIV -> {
                ga = needA ? g.div(b) : null;
                gb = needB ? g.neg().mul(a).div(b.mul(b)) : null;
            }
            case POW -> {
                // b a^(b-1), taken as 0 where b == 0 (not 0 * inf at a == 0), as PyTorch does
                ga = needA ? Tensor.where(b.eq(0), Tensor.zerosLike(g), g.mul(b).mul(a.pow(b.sub(1.0)))) : null;
                if (needB) {
                    // d/db a^b = a^b log a; taken as 0 where a == 0 and b >= 0 (the limit), as PyTorch does
                    Tensor logA = a.log();
                    Tensor safe = Tensor.where(a.eq(0).logicalAnd(b.ge(0)), Tensor.zerosLike(logA), out.mul(logA));
                    gb = g.mul(safe);
                }
            }
            case MAX, MIN -> {
                // the larger (smaller) input takes the gradient; ties split it evenly
                Tensor wins = op == BinaryOp.MAX ? a.gt(b) : a.lt(b);
                Tensor ties = a.eq(b);
                Tensor shareA = wins.to(g.dtype()).add(ties.to(g.dtype()).mul(0.5));
                ga = needA ? g.mul(shareA) : null;
                gb = needB ? g.mul(shareA.rsub(1.0)) : null;
            }
            case ATAN2 -> {
                Tensor denom = a.mul(a).add(b.mul(b));
                ga = needA ? g.mul(b).div(denom) : null;
                gb = needB ? g.neg().mul(a).div(denom) : null;
            }
            case REMAINDER, FMOD -> {
                ga = g;
                if (needB) {
                    Tensor q = a.div(b);
                    gb = g.neg().mul(op == BinaryOp.REMAINDER ? q.floor() : q.trunc());
                }
            }
            case FLOOR_DIVIDE -> {
                ga = needA ? Tensor.zerosLike(g) : null;
                gb = needB ? Tensor.zerosLike(g) : null;
            }
            default -> throw new IllegalStateException(op + " has no derivative");
        }
        return new Tensor[] {
                needA && ga != null ? Views.sumToShape(ga, as) : null,
                needB && gb != null ? Views.sumToShape(gb, bs) : null};
    }

    // ================================================================ unary

    public static Tensor unary(UnaryOp op, Tensor a) {
        Dtype dt = a.dtype();
        if (dt == Dtype.BOOL || (dt.isIntegral() && !op.keepsIntegers())) {
            a = castData(a, Dtype.FLOAT32);  // integer inputs to float functions compute in float32
            dt = Dtype.FLOAT32;
        }
        Dtype compute = dt.computeType();
        Tensor in = dt == compute ? a : castData(a, compute);
        Tensor out = Tensor.empty(compute, in.shape());
        Kernels.backend().unary(op, in.shape(), in.strided(), out.strided());
        if (dt != compute) out = castData(out, dt);
        if (Autograd.needsGrad(a) && out.dtype().isFloatingPoint()) {
            Tensor x = a, y = out;
            Autograd.record(op.name().toLowerCase(), out, a, g -> new Tensor[] {unaryBackward(op, g, x, y)});
        }
        return out;
    }

    private static Tensor unaryBackward(UnaryOp op, Tensor g, Tensor x, Tensor y) {
        return switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(x.sign());
            case EXP -> g.mul(y);
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1.0));
            case EXPM1 -> g.mul(y.add(1.0));
            case SQRT -> g.div(y.mul(2.0));
            case RSQRT -> g.mul(y.pow(3).mul(-0.5));
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin().neg());
            case TAN -> g.mul(y.square().add(1.0));
            case ASIN -> g.div(x.square().rsub(1.0).sqrt());
            case ACOS -> g.neg().div(x.square().rsub(1.0).sqrt());
            case ATAN -> g.div(x.square().add(1.0));
            case SINH -> g.mul(x.cosh());
            case COSH -> g.mul(x.sinh());
            case TANH -> g.mul(y.square().rsub(1.0));
            case SIGMOID -> g.mul(y.mul(y.rsub(1.0)));
            case ERF -> g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI));
            case SIGN, FLOOR, CEIL, ROUND, TRUNC -> Tensor.zerosLike(g);
            case RECIPROCAL -> g.mul(y.square().neg());
            case SQUARE -> g.mul(x.mul(2.0));
            case RELU -> reluBackward(g, y);
        };
    }

    /**
     * ReLU's input gradient {@code y > 0 ? g : 0} (torch's threshold_backward, which also passes
     * the gradient where y is NaN): one pass over
     * contiguous float data instead of a compare, a cast and a product. It is linear in g, so its
     * own derivative is the same mask applied again (double backward).
     */
    static Tensor reluBackward(Tensor g, Tensor y) {
        Dtype dt = g.dtype();
        if (!(dt == Dtype.FLOAT32 || dt == Dtype.FLOAT64) || y.dtype() != dt || !java.util.Arrays.equals(g.shape(), y.shape())) {
            return g.mul(y.gt(0).to(dt));
        }
        Tensor gc = g.contiguous(), yc = y.contiguous();
        Tensor out = Tensor.empty(dt, g.shape());
        int n = out.numel(), go = gc.storageOffset(), yo = yc.storageOffset();
        if (dt == Dtype.FLOAT32) {
            float[] ga = gc.storage().floats(), ya = yc.storage().floats(), oa = out.storage().floats();
            dev.dendrite.kernels.Parallel.forRange(n, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    // branch-free (a data-dependent branch mispredicts half the time here): the mask
                    // is all ones when y's bits are a positive int, i.e. y > 0 (or a positive NaN,
                    // whose gradient passes, as in PyTorch)
                    int b = Float.floatToRawIntBits(ya[yo + i]);
                    oa[i] = Float.intBitsToFloat(Float.floatToRawIntBits(ga[go + i]) & ((-b & ~b) >> 31));
                }
            });
        } else {
            double[] ga = gc.storage().doubles(), ya = yc.storage().doubles(), oa = out.storage().doubles();
            dev.dendrite.kernels.Parallel.forRange(n, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    long b = Double.doubleToRawLongBits(ya[yo + i]);
                    oa[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(ga[go + i]) & ((-b & ~b) >> 63));
                }
            });
        }
        if (Autograd.needsGrad(g)) {
            Tensor mask = y.detach();
            Autograd.record("relu_backward", out, g, gg -> new Tensor[] {reluBackward(gg, mask)});
        }
        return out;
    }

    /**
     * Clamps into [min, max]; the gradient passes where the input lies inside the range. As in
     * torch.clamp, a min above max sets every element to max.
     */
    public static Tensor clamp(Tensor a, double min, double max) {
        Tensor x = a.detach();
        Tensor out = x;
        if (min != Double.NEGATIVE_INFINITY) out = forwardBinary("clamp", BinaryOp.MAX, out, scalarFor(a, min));
        if (max != Double.POSITIVE_INFINITY) out = forwardBinary("clamp", BinaryOp.MIN, out, scalarFor(a, max));
        if (out == x) out = x.contiguousCopy();
        if (Autograd.needsGrad(a)) {
            Autograd.record("clamp", out, a, g -> new Tensor[] {g.mul(x.ge(min).logicalAnd(x.le(max)).to(g.dtype()))});
        }
        return out;
    }

    public static Tensor isnan(Tensor a) {
        if (!a.dtype().isFloatingPoint()) return Tensor.zeros(Dtype.BOOL, a.shape());
        return compare(BinaryOp.NE, a, a);
    }

    public static Tensor isinf(Tensor a) {
        if (!a.dtype().isFloatingPoint()) return Tensor.zeros(Dtype.BOOL, a.shape());
        return compare(BinaryOp.EQ, a.detach().abs(), scalarFor(a, Double.POSITIVE_INFINITY));
    }

    /** {@code cond ? a : b}, broadcasting all three; differentiable in a and b. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != Dtype.BOOL) {
            throw new IllegalArgumentException("where: condition must be a bool tensor, got " + cond.dtype().torchName());
        }
        Dtype dt = resultType(a, b);
        Tensor ac = a.dtype() == dt ? a : a.to(dt);
        Tensor bc = b.dtype() == dt ? b : b.to(dt);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape(), ac.shape()), bc.shape());
        Tensor out = Tensor.empty(dt, shape);
        Kernels.backend().where(shape, bcast("where", cond, shape), bcast("where", ac, shape), bcast("where", bc, shape),
                out.strided());
        if (Autograd.needsGrad(ac, bc) && dt.isFloatingPoint()) {
            int[] as = ac.shape(), bs = bc.shape();
            Autograd.record("where", out, new Tensor[] {ac, bc}, g -> {
                Tensor zero = Tensor.zerosLike(g);
                return new Tensor[] {
                        ac.isRequiresGrad() ? Views.sumToShape(Tensor.where(cond, g, zero), as) : null,
                        bc.isRequiresGrad() ? Views.sumToShape(Tensor.where(cond, zero, g), bs) : null};
            });
        }
        return out;
    }

    /** The kernels' view of {@code t} broadcast to {@code shape}. */
    public static Strided bcast(String op, Tensor t, int[] shape) {
        return new Strided(t.storage(), t.storageOffset(), Shapes.broadcastStrides(op, t.shape(), t.strides(), shape));
    }
}
