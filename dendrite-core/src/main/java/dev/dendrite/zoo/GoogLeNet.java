package dev.dendrite.zoo;

import dev.dendrite.nn.AdaptiveAvgPool2d;
import dev.dendrite.nn.BatchNorm2d;
import dev.dendrite.nn.Conv;
import dev.dendrite.nn.Conv2d;
import dev.dendrite.nn.Dropout;
import dev.dendrite.nn.Linear;
import dev.dendrite.nn.MaxPool2d;
import dev.dendrite.nn.Module;
import dev.dendrite.nn.Sequential;
import dev.dendrite.nn.init.Init;
import dev.dendrite.functional.Pooling;
import dev.dendrite.tensor.Tensor;

/**
 * GoogLeNet / Inception v1 (Szegedy et al., "Going deeper with convolutions", 2014) in
 * torchvision's form: every convolution a {@link BasicConv2d} (conv without bias, batch norm,
 * ReLU), and, as torchvision, the "5x5" branch of each Inception block uses a 3x3 kernel.
 * {@code transform_input} (torchvision's rescaling of inputs normalized the Inception way) is not
 * offered: inputs are taken as they come. Native input 3x224x224 (any size >= 15).
 *
 * <table>
 *   <caption>Blocks (keys as torchvision's); Inception(in, 1x1, 3x3 reduce, 3x3, 5x5 reduce, 5x5, pool proj)</caption>
 *   <tr><th>key</th><th>layer</th><th>output at 224</th></tr>
 *   <tr><td>conv1, maxpool1</td><td>7x7/2 conv to 64, 3x3/2 max pool (ceil)</td><td>64x56x56</td></tr>
 *   <tr><td>conv2, conv3, maxpool2</td><td>1x1 to 64, 3x3 to 192, 3x3/2 max pool (ceil)</td><td>192x28x28</td></tr>
 *   <tr><td>inception3a, 3b</td><td>(192, 64, 96, 128, 16, 32, 32), (256, 128, 128, 192, 32, 96, 64)</td><td>480x28x28</td></tr>
 *   <tr><td>maxpool3</td><td>3x3/2 (ceil)</td><td>480x14x14</td></tr>
 *   <tr><td>inception4a - 4e</td><td>(480, 192, 96, 208, 16, 48, 64) ... (528, 256, 160, 320, 32, 128, 128)</td><td>832x14x14</td></tr>
 *   <tr><td>maxpool4</td><td>2x2/2 (ceil)</td><td>832x7x7</td></tr>
 *   <tr><td>inception5a, 5b</td><td>(832, 256, 160, 320, 32, 128, 128), (832, 384, 192, 384, 48, 128, 128)</td><td>1024x7x7</td></tr>
 *   <tr><td>avgpool, dropout, fc</td><td>global average pool, Dropout(0.2), Linear(1024, numClasses)</td><td>numClasses</td></tr>
 * </table>
 *
 * <p>With {@code auxLogits}, two auxiliary classifiers {@code aux1} (after inception4a) and
 * {@code aux2} (after inception4d) are built: 4x4 adaptive average pool, {@code conv} 1x1 to 128,
 * {@code fc1} Linear(2048, 1024) + ReLU, Dropout(0.7), {@code fc2} Linear(1024, numClasses).
 * {@link #forward} returns the main logits (without running the aux heads); {@link #forwardWithAux}
 * also returns the auxiliary ones in training mode. Parameters with 1000 classes: 6,624,904 without aux heads, 13,004,888
 * with. Initialization as torchvision: convolution and linear weights truncated normal (std 0.01,
 * cut at +-2), linear biases zero, batch-norm weight 1 and bias 0 (convolutions have no bias).
 */
public class GoogLeNet extends Module {
    /** The main logits, and in training mode with aux heads the two auxiliary ones (else null). */
    public record Outputs(Tensor logits, Tensor aux2, Tensor aux1) {}

    /** An Inception block: four branches concatenated along channels. */
    public static final class Inception extends Module {
        public final BasicConv2d branch1;
        public final Sequential branch2, branch3, branch4;

        public Inception(int in, int ch1x1, int ch3x3red, int ch3x3, int ch5x5red, int ch5x5, int poolProj) {
            branch1 = register("branch1", new BasicConv2d(in, ch1x1, 1));
            branch2 = register("branch2", new Sequential(new BasicConv2d(in, ch3x3red, 1),
                    new BasicConv2d(ch3x3red, ch3x3, 3, Conv.padding(1))));
            // torchvision's kernel for the "5x5" branch is 3x3; kept so its weights load
            branch3 = register("branch3", new Sequential(new BasicConv2d(in, ch5x5red, 1),
                    new BasicConv2d(ch5x5red, ch5x5, 3, Conv.padding(1))));
            branch4 = register("branch4", new Sequential(
                    new MaxPool2d(new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}, true),
                    new BasicConv2d(in, poolProj, 1)));
        }

        @Override
        public Tensor forward(Tensor x) {
            return Tensor.cat(new Tensor[] {branch1.call(x), branch2.call(x), branch3.call(x), branch4.call(x)}, 1);
        }
    }

    /** An auxiliary classifier. */
    public static final class InceptionAux extends Module {
        public final BasicConv2d conv;
        public final Linear fc1, fc2;
        public final Dropout dropout;

        public InceptionAux(int in, int numClasses, double dropout) {
            conv = register("conv", new BasicConv2d(in, 128, 1));
            fc1 = register("fc1", new Linear(2048, 1024));
            fc2 = register("fc2", new Linear(1024, numClasses));
            this.dropout = register("dropout", new Dropout(dropout));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = conv.call(Pooling.adaptiveAvgPool2d(x, 4, 4)).flatten(1, -1);
            return fc2.call(dropout.call(fc1.call(y).relu()));
        }
    }

    public final boolean auxLogits;
    public final BasicConv2d conv1, conv2, conv3;
    public final Inception inception3a, inception3b, inception4a, inception4b, inception4c, inception4d, inception4e,
            inception5a, inception5b;
    public final InceptionAux aux1, aux2;
    public final Linear fc;
    private final MaxPool2d maxpool1, maxpool2, maxpool3, maxpool4;
    private final AdaptiveAvgPool2d avgpool;
    private final Dropout dropout;

    /** 1000 classes, no aux heads. */
    public GoogLeNet() { this(1000, false); }

    public GoogLeNet(int numClasses, boolean auxLogits) { this(numClasses, auxLogits, 0.2, 0.7); }

    /** @param dropout before fc (0.2); @param dropoutAux in the aux heads (0.7) */
    public GoogLeNet(int numClasses, boolean auxLogits, double dropout, double dropoutAux) {
        if (numClasses < 1) throw new IllegalArgumentException("GoogLeNet: numClasses must be positive, got " + numClasses);
        this.auxLogits = auxLogits;
        conv1 = register("conv1", new BasicConv2d(3, 64, 7, Conv.stride(2).padding(3)));
        maxpool1 = register("maxpool1", ceilPool(3, 2));
        conv2 = register("conv2", new BasicConv2d(64, 64, 1));
        conv3 = register("conv3", new BasicConv2d(64, 192, 3, Conv.padding(1)));
        maxpool2 = register("maxpool2", ceilPool(3, 2));
        inception3a = register("inception3a", new Inception(192, 64, 96, 128, 16, 32, 32));
        inception3b = register("inception3b", new Inception(256, 128, 128, 192, 32, 96, 64));
        maxpool3 = register("maxpool3", ceilPool(3, 2));
        inception4a = register("inception4a", new Inception(480, 192, 96, 208, 16, 48, 64));
        inception4b = register("inception4b", new Inception(512, 160, 112, 224, 24, 64, 64));
        inception4c = register("inception4c", new Inception(512, 128, 128, 256, 24, 64, 64));
        inception4d = register("inception4d", new Inception(512, 112, 144, 288, 32, 64, 64));
        inception4e = register("inception4e", new Inception(528, 256, 160, 320, 32, 128, 128));
        maxpool4 = register("maxpool4", ceilPool(2, 2));
        inception5a = register("inception5a", new Inception(832, 256, 160, 320, 32, 128, 128));
        inception5b = register("inception5b", new Inception(832, 384, 192, 384, 48, 128, 128));
        aux1 = auxLogits ? register("aux1", new InceptionAux(512, numClasses, dropoutAux)) : null;
        aux2 = auxLogits ? register("aux2", new InceptionAux(528, numClasses, dropoutAux)) : null;
        avgpool = register("avgpool", new AdaptiveAvgPool2d(1, 1));
        this.dropout = register("dropout", new Dropout(dropout));
        fc = register("fc", new Linear(1024, numClasses));
        apply(m -> {
            if (m instanceof Conv2d c) Init.truncNormal_(c.weight(), 0, 0.01, -2, 2);
            else if (m instanceof Linear l) {
                Init.truncNormal_(l.weight(), 0, 0.01, -2, 2);
                Init.zeros_(l.bias());
            } else if (m instanceof BatchNorm2d bn) {
                Init.ones_(bn.weight());
                Init.zeros_(bn.bias());
            }
        });
    }

    private static MaxPool2d ceilPool(int kernel, int stride) {
        return new MaxPool2d(new int[] {kernel}, new int[] {stride}, new int[] {0}, new int[] {1}, true);
    }

    /** The main logits only (the aux heads, if any, are not run). */
    @Override
    public Tensor forward(Tensor input) { return run(input, false).logits(); }

    /** The logits, with the auxiliary logits when training with aux heads (torchvision's GoogLeNetOutputs). */
    public Outputs forwardWithAux(Tensor input) { return run(input, auxLogits && isTraining()); }

    private Outputs run(Tensor input, boolean aux) {
        Shapes.checkMin("GoogLeNet", input, 3, 15);
        Tensor x = maxpool1.call(conv1.call(input));
        x = maxpool2.call(conv3.call(conv2.call(x)));
        x = maxpool3.call(inception3b.call(inception3a.call(x)));
        x = inception4a.call(x);
        Tensor a1 = aux ? aux1.call(x) : null;
        x = inception4d.call(inception4c.call(inception4b.call(x)));
        Tensor a2 = aux ? aux2.call(x) : null;
        x = maxpool4.call(inception4e.call(x));
        x = inception5b.call(inception5a.call(x));
        x = dropout.call(avgpool.call(x).flatten(1, -1));
        return new Outputs(fc.call(x), a2, a1);
    }

    @Override
    protected String extraRepr() { return "aux_logits=" + auxLogits; }
}
