package dev.dendrite.data.readers;

import dev.dendrite.data.Example;
import dev.dendrite.data.transforms.Resize;
import dev.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** ImageFolder on small PNG and JPEG files written with ImageIO. */
class ImageFolderTest {
    @TempDir Path root;

    static void write(BufferedImage img, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, format, file.toFile()), "ImageIO writes " + format);
    }

    @Test
    void classesAreSortedSubfoldersAndPixelsConvertExactly() throws IOException {
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) gray.getRaster().setSample(x, y, 0, 40 * (y * 3 + x) + 10);
        write(gray, "png", root.resolve("zebra/g.png"));
        BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0x00FF00);
        rgb.setRGB(0, 1, 0x0000FF);
        rgb.setRGB(1, 1, 0x102030);
        write(rgb, "png", root.resolve("ant/b.png"));
        BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x40_C08020); // alpha 0x40 is dropped, colour kept
        write(rgba, "png", root.resolve("ant/a.PNG"));
        Files.writeString(root.resolve("ant/notes.txt"), "ignored");

        ImageFolder ds = ImageFolder.of(root);
        assertEquals(List.of("ant", "zebra"), ds.classes());
        assertEquals(3, ds.size());
        assertEquals(List.of("a.PNG", "b.png", "g.png"), ds.samples().stream().map(s -> s.path().getFileName().toString()).toList());

        Example a = ds.get(0);
        assertArrayEquals(new int[]{3, 1, 1}, a.input().shape());
        assertArrayEquals(new float[]{0xC0 / 255f, 0x80 / 255f, 0x20 / 255f}, a.input().toFloatArray(), 1e-7f);
        assertEquals(0, a.target().itemLong());

        Tensor b = ds.get(1).input();
        assertArrayEquals(new float[]{1, 0, 0, 0x10 / 255f, 0, 1, 0, 0x20 / 255f, 0, 0, 1, 0x30 / 255f}, b.toFloatArray(), 1e-7f);

        Example g = ds.get(2);
        assertEquals(1, g.target().itemLong());
        assertArrayEquals(new int[]{1, 2, 3}, g.input().shape());
        assertArrayEquals(new float[]{10 / 255f, 50 / 255f, 90 / 255f, 130 / 255f, 170 / 255f, 210 / 255f}, g.input().toFloatArray(), 1e-7f);

        ImageFolder resized = ds.withTransform(new Resize(4, 4));
        assertArrayEquals(new int[]{1, 4, 4}, resized.get(2).input().shape());
    }

    @Test
    void jpegDecodesCloseToTheWrittenColoursAnd16BitGreyIsScaled() throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, 0x3366CC);
        write(img, "jpg", root.resolve("blue/x.jpg"));
        BufferedImage g16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 65535);
        g16.getRaster().setSample(1, 0, 0, 257 * 100);
        write(g16, "png", root.resolve("grey/y.png"));
        ImageFolder ds = ImageFolder.of(root);
        Tensor x = ds.get(0).input();
        assertArrayEquals(new int[]{3, 16, 16}, x.shape());
        // lossy, but a flat colour survives within a few levels
        assertEquals(0x33 / 255.0, x.get(0, 8, 8), 4 / 255.0);
        assertEquals(0x66 / 255.0, x.get(1, 8, 8), 4 / 255.0);
        assertEquals(0xCC / 255.0, x.get(2, 8, 8), 4 / 255.0);
        assertArrayEquals(new float[]{1, 100 / 255f}, ds.get(1).input().toFloatArray(), 1e-6f);
    }

    @Test
    void emptyOrMissingFoldersAreClearErrors() throws IOException {
        var e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.of(root.resolve("nope")));
        assertEquals("ImageFolder: " + root.resolve("nope").toAbsolutePath() + " is not a directory", e.getMessage());
        Files.createDirectories(root.resolve("cls"));
        e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.of(root));
        assertTrue(e.getMessage().startsWith("ImageFolder: no .png, .jpg or .jpeg files in the class folders [cls]"), e.getMessage());
        Files.writeString(root.resolve("cls/broken.png"), "not a png");
        ImageFolder ds = ImageFolder.of(root);
        var d = assertThrows(RuntimeException.class, () -> ds.get(0));
        assertTrue(d.getMessage().contains("broken.png"), d.getMessage());
    }
}
