package dev.dendrite.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SummaryTest {

    @Test
    void countsShapesParametersAndMultiplyAdds() {
        // LeNet-style: conv 1->6 k5 pad 2 on 28x28, pool, conv 6->16 k5, pool, flatten, linear 400->10
        Sequential net = new Sequential(
                new Conv2d(1, 6, 5, Conv.padding(2)), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(16 * 5 * 5, 10));
        Summary s = Summary.of(net, 2, 1, 28, 28);
        Summary.Row conv1 = s.rows().stream().filter(r -> r.name().equals("0")).findFirst().orElseThrow();
        assertArrayEquals(new int[] {2, 6, 28, 28}, conv1.outputShape());
        assertEquals(6 * 25 + 6, conv1.parameters());
        assertEquals(2L * 6 * 28 * 28 * 25, conv1.multiplyAdds());
        Summary.Row conv2 = s.rows().stream().filter(r -> r.name().equals("3")).findFirst().orElseThrow();
        assertEquals(2L * 16 * 10 * 10 * 6 * 25, conv2.multiplyAdds());
        Summary.Row fc = s.rows().stream().filter(r -> r.name().equals("7")).findFirst().orElseThrow();
        assertArrayEquals(new int[] {2, 10}, fc.outputShape());
        assertEquals(2L * 10 * 400, fc.multiplyAdds());
        assertEquals(156 + 2416 + 4010, s.parameters());
        assertEquals(2L * (6 * 784 * 25 + 16 * 100 * 150 + 4000), s.multiplyAdds());
        String text = s.toString();
        assertTrue(text.contains("Total params: 6,582"), text);
        assertTrue(text.contains("[2, 16, 5, 5]"), text);
        assertTrue(net.isTraining(), "the model's mode is restored");
    }
}
