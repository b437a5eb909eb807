package dev.dendrite.zoo;

import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.NormBase;
import dev.dendrite.nn.ReLU;
import dev.dendrite.nn.init.Init;
import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * RegNet (Radosavovic et al., 2020, "Designing Network Design Spaces") in torchvision's form: an
 * AnyNet — a stem, four stages of residual bottleneck blocks, a head — whose per-stage widths and
 * depths come from a quantized linear rule (see {@link BlockParams#fromInitParams}). RegNetX blocks
 * are 1x1 → grouped 3x3 (stride on the first block of a stage) → 1x1 with a projection shortcut
 * when the shape changes; RegNetY blocks add squeeze-excitation after the 3x3.
 *
 * <p>Layout: {@code stem} (3x3/2 to 32, Conv-BN-ReLU) → {@code trunk_output.block1..4} (stage i's
 * blocks named {@code block{i}-{j}}) → global average pool → {@code fc}. A block has children
 * {@code proj} (1x1 Conv-BN, when the shape changes), {@code f} (children {@code a}, {@code b},
 * [{@code se}], {@code c}) and {@code activation}. Keys as torchvision's:
 * {@code stem.0.weight, trunk_output.block1.block1-0.proj.0.weight,
 * trunk_output.block1.block1-0.f.a.0.weight, trunk_output.block2.block2-1.f.se.fc1.weight,
 * trunk_output.block4.block4-0.f.c.1.running_var, fc.weight}. Input 3x224x224.
 *
 * <table>
 * <caption>Configurations (depth, w_0, w_a, w_m, group width; params at 1000 classes)</caption>
 * <tr><td>regnet_x_400mf</td><td>22, 24, 24.48, 2.54, 16</td><td>5,495,976</td></tr>
 * <tr><td>regnet_x_800mf</td><td>16, 56, 35.73, 2.28, 16</td><td>7,259,656</td></tr>
 * <tr><td>regnet_x_1_6gf</td><td>18, 80, 34.01, 2.25, 24</td><td>9,190,136</td></tr>
 * <tr><td>regnet_x_3_2gf</td><td>25, 88, 26.31, 2.25, 48</td><td>15,296,552</td></tr>
 * <tr><td>regnet_y_400mf</td><td>16, 48, 27.89, 2.09, 8, SE 0.25</td><td>4,344,144</td></tr>
 * <tr><td>regnet_y_800mf</td><td>14, 56, 38.84, 2.4, 16, SE 0.25</td><td>6,432,512</td></tr>
 * <tr><td>regnet_y_1_6gf</td><td>27, 48, 20.71, 2.65, 24, SE 0.25</td><td>11,202,430</td></tr>
 * <tr><td>regnet_y_3_2gf</td><td>21, 80, 42.63, 2.66, 24, SE 0.25</td><td>19,436,338</td></tr>
 * </table>
 *
 * <p>Widths are torchvision's, which can differ from the paper's pycls code where a bottleneck
 * width lies halfway between multiples of the group width: torchvision rounds up
 * ({@code _make_divisible}), pycls half-to-even (RegNetX-400MF's last stage is 400 wide here and
 * in torchvision, 384 in pycls). torchvision's checkpoints, and its parameter counts, are the ones
 * matched here.
 *
 * <p>Initialization as torchvision's: convolutions N(0, sqrt(2 / (k * k * out_channels))), batch
 * norms weight 1 and bias 0, {@code fc} N(0, 0.01) with zero bias.
 */
public class RegNet extends Module {
    /** Per-stage settings: depths, output widths, group widths, bottleneck multipliers, strides, and the SE ratio (or null). */
    public record BlockParams(int[] depths, int[] widths, int[] groupWidths, double[] bottleneckMultipliers, int[] strides,
                              Double seRatio) {
        public BlockParams {
            int n = depths.length;
            if (widths.length != n || groupWidths.length != n || bottleneckMultipliers.length != n || strides.length != n) {
                throw new IllegalArgumentException("RegNet: every per-stage list must have " + n + " entries");
            }
        }

        /**
         * The quantized linear rule: block j (of {@code depth}) would have width
         * {@code u_j = w_0 + w_a * j}; it is snapped to {@code w_0 * w_m^round(log(u_j / w_0) / log(w_m))},
         * rounded to a multiple of 8, and consecutive blocks of equal width form a stage (stride 2
         * each). Finally each stage's bottleneck width is made a multiple of its group width (the
         * group width shrinking to the bottleneck width if larger). Rounding is half-to-even, as
         * torch.round.
         */
        public static BlockParams fromInitParams(int depth, double w0, double wa, double wm, int groupWidth,
                                                 double bottleneckMultiplier, Double seRatio) {
            if (wa < 0 || w0 <= 0 || wm <= 1 || w0 % 8 != 0) {
                throw new IllegalArgumentException("RegNet: invalid settings: need w_a >= 0, w_0 > 0 and a multiple of 8, w_m > 1; got w_0="
                        + w0 + ", w_a=" + wa + ", w_m=" + wm);
            }
            // torchvision computes these in float32; doing the same keeps halfway cases identical
            int[] blockWidths = new int[depth];
            for (int j = 0; j < depth; j++) {
                float cont = (float) j * (float) wa + (float) w0;
                float capacity = (float) Math.rint((float) Math.log(cont / (float) w0) / (float) Math.log(wm));
                float width = (float) ((float) w0 * Math.pow((float) wm, capacity));
                blockWidths[j] = (int) (Math.rint(width / 8f) * 8);
            }
            List<Integer> stageWidths = new ArrayList<>(), stageDepths = new ArrayList<>();
            for (int j = 0; j < depth; j++) {
                if (j == 0 || blockWidths[j] != blockWidths[j - 1]) {
                    stageWidths.add(blockWidths[j]);
                    stageDepths.add(1);
                } else {
                    stageDepths.set(stageDepths.size() - 1, stageDepths.get(stageDepths.size() - 1) + 1);
                }
            }
            int n = new LinkedHashSet<>(Arrays.stream(blockWidths).boxed().toList()).size();
            if (n != stageWidths.size()) {
                throw new IllegalArgumentException("RegNet: the widths " + Arrays.toString(blockWidths) + " do not form monotone stages");
            }
            int[] widths = new int[n], groups = new int[n], depths = new int[n], strides = new int[n];
            double[] bottleneck = new double[n];
            for (int i = 0; i < n; i++) {
                int wBot = (int) (stageWidths.get(i) * bottleneckMultiplier);
                int g = Math.min(groupWidth, wBot);
                int wBotAdjusted = Channels.makeDivisible(wBot, g);
                widths[i] = (int) (wBotAdjusted / bottleneckMultiplier);
                groups[i] = g;
                depths[i] = stageDepths.get(i);
                strides[i] = 2;
                bottleneck[i] = bottleneckMultiplier;
            }
            return new BlockParams(depths, widths, groups, bottleneck, strides, seRatio);
        }
    }

    public final BlockParams params;
    public final int numClasses;
    private final Conv2dNormActivation stem;
    private final NamedSequential trunkOutput;
    private final Linear fc;

    public RegNet(BlockParams params, int numClasses) { this(params, numClasses, 32); }

    public RegNet(BlockParams params, int numClasses, int stemWidth) {
        if (numClasses < 1) throw new IllegalArgumentException("RegNet: num_classes must be positive, got " + numClasses);
        this.params = params;
        this.numClasses = numClasses;
        NormBase.Options bn = NormBase.Options.batchNorm();
        stem = register("stem", new Conv2dNormActivation(3, stemWidth, 3, 2, 1, bn, ReLU::new));
        trunkOutput = register("trunk_output", new NamedSequential());
        int current = stemWidth;
        for (int i = 0; i < params.depths().length; i++) {
            NamedSequential stage = trunkOutput.add("block" + (i + 1), new NamedSequential());
            int out = params.widths()[i];
            for (int j = 0; j < params.depths()[i]; j++) {
                stage.add("block" + (i + 1) + "-" + j, new ResBottleneckBlock(j == 0 ? current : out, out,
                        j == 0 ? params.strides()[i] : 1, params.groupWidths()[i], params.bottleneckMultipliers()[i],
                        params.seRatio(), bn));
            }
            current = out;
        }
        register("avgpool", new dev.dendrite.nn.AdaptiveAvgPool2d(1));
        fc = register("fc", new Linear(current, numClasses));
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                int[] k = c.kernelSize();
                Init.normal_(c.weight(), 0, Math.sqrt(2.0 / (k[0] * k[k.length - 1] * c.outChannels)));
            } else if (m instanceof BatchNorm2d b) {
                Init.ones_(b.weight());
                Init.zeros_(b.bias());
            } else if (m instanceof Linear l) {
                Init.normal_(l.weight(), 0, 0.01);
                Init.zeros_(l.bias());
            }
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Shapes.checkMin("RegNet", x, 3, 1);
        return fc.call(trunkOutput.call(stem.call(x)).mean(new int[] {2, 3}, false));
    }

    /** x + f(x) (or proj(x) + f(x) when the shape changes), then ReLU. */
    public static class ResBottleneckBlock extends Module {
        private final Conv2dNormActivation proj;
        private final NamedSequential f;
        private final ReLU activation;

        ResBottleneckBlock(int in, int out, int stride, int groupWidth, double bottleneckMultiplier, Double seRatio,
                           NormBase.Options bn) {
            proj = in != out || stride != 1 ? register("proj", new Conv2dNormActivation(in, out, 1, stride, 1, bn, null)) : null;
            f = register("f", new NamedSequential());
            int wB = (int) Math.rint(out * bottleneckMultiplier); // Python's round: half to even
            int groups = wB / groupWidth;
            f.add("a", new Conv2dNormActivation(in, wB, 1, 1, 1, bn, ReLU::new));
            f.add("b", new Conv2dNormActivation(wB, wB, 3, stride, groups, bn, ReLU::new));
            if (seRatio != null && seRatio > 0) {
                // the squeeze width is relative to the block's input width, as in pycls and torchvision
                f.add("se", new SqueezeExcitation(wB, (int) Math.rint(seRatio * in)));
            }
            f.add("c", new Conv2dNormActivation(wB, out, 1, 1, 1, bn, null));
            activation = register("activation", new ReLU());
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor shortcut = proj == null ? x : proj.call(x);
            return activation.call(shortcut.add(f.call(x)));
        }
    }

    private static RegNet x(int depth, double w0, double wa, double wm, int g, int numClasses) {
        return new RegNet(BlockParams.fromInitParams(depth, w0, wa, wm, g, 1.0, null), numClasses);
    }

    private static RegNet y(int depth, double w0, double wa, double wm, int g, int numClasses) {
        return new RegNet(BlockParams.fromInitParams(depth, w0, wa, wm, g, 1.0, 0.25), numClasses);
    }

    public static RegNet regnetX400mf(int numClasses) { return x(22, 24, 24.48, 2.54, 16, numClasses); }
    public static RegNet regnetX800mf(int numClasses) { return x(16, 56, 35.73, 2.28, 16, numClasses); }
    public static RegNet regnetX1_6gf(int numClasses) { return x(18, 80, 34.01, 2.25, 24, numClasses); }
    public static RegNet regnetX3_2gf(int numClasses) { return x(25, 88, 26.31, 2.25, 48, numClasses); }
    public static RegNet regnetY400mf(int numClasses) { return y(16, 48, 27.89, 2.09, 8, numClasses); }
    public static RegNet regnetY800mf(int numClasses) { return y(14, 56, 38.84, 2.4, 16, numClasses); }
    public static RegNet regnetY1_6gf(int numClasses) { return y(27, 48, 20.71, 2.65, 24, numClasses); }
    public static RegNet regnetY3_2gf(int numClasses) { return y(21, 80, 42.63, 2.66, 24, numClasses); }
}
