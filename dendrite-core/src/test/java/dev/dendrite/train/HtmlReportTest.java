package dev.dendrite.train;

import dev.dendrite.data.Spirals;
import dev.dendrite.metrics.Accuracy;
import dev.dendrite.nn.Module;
import dev.dendrite.optim.Adam;
import dev.dendrite.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class HtmlReportTest {

    static Document parse(String html) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Document d, String tag) {
        NodeList nl = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) out.add((Element) nl.item(i));
        return out;
    }

    static Map<String, Double> epoch(double e, double loss, double acc, double valLoss, double valAcc) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("epoch", e);
        m.put("loss", loss);
        m.put("accuracy", acc);
        m.put("lr", 0.01);
        m.put("val_loss", valLoss);
        m.put("val_accuracy", valAcc);
        return m;
    }

    @Test
    void chartsCarryTheSeriesAndTheHeatMapTheCounts() throws Exception {
        List<Map<String, Double>> h = List.of(epoch(1, 0.9, 0.6, 1.0, 0.55), epoch(2, 0.7, 0.75, 0.8, 0.7), epoch(3, 0.5, 0.9, 0.65, 0.85));
        String html = HtmlReport.render("run <1> & co", h, new long[][] {{5, 1}, {2, 7}}, List.of("cat", "dog"));
        Document d = parse(html);   // well-formed, or this throws
        assertEquals("run <1> & co", elements(d, "title").get(0).getTextContent());
        List<Element> charts = elements(d, "svg").stream().filter(e -> e.getAttribute("class").equals("chart")).toList();
        assertEquals(List.of("loss", "accuracy", "lr"), charts.stream().map(e -> e.getAttribute("data-metric")).toList());
        Map<String, String> series = new LinkedHashMap<>();
        for (Element p : elements(d, "polyline")) series.put(p.getAttribute("data-key"), p.getAttribute("data-values"));
        assertEquals("0.9,0.7,0.5", series.get("loss"));
        assertEquals("1.0,0.8,0.65", series.get("val_loss"));
        assertEquals("0.55,0.7,0.85", series.get("val_accuracy"));
        // points: the highest loss (1.0 at epoch 1) is drawn above the lowest (0.5 at epoch 3)
        Element loss = elements(d, "polyline").get(0);
        String[] pts = loss.getAttribute("points").split(" ");
        assertEquals(3, pts.length);
        assertTrue(Double.parseDouble(pts[0].split(",")[1]) < Double.parseDouble(pts[2].split(",")[1]));
        assertTrue(Double.parseDouble(pts[0].split(",")[0]) < Double.parseDouble(pts[2].split(",")[0]));
        // every chart has an axis label "epoch" and a hover title per point
        for (Element c : charts) {
            assertTrue(c.getTextContent().contains("epoch"), c.getAttribute("data-metric"));
        }
        assertTrue(html.contains("<title>epoch 2: val_accuracy = 0.700000</title>"), "point tooltips");

        List<Element> cells = elements(d, "rect").stream().filter(e -> e.getAttribute("class").equals("cell")).toList();
        assertEquals(4, cells.size());
        assertEquals(List.of("5", "1", "2", "7"), cells.stream().map(e -> e.getAttribute("data-count")).toList());
        assertEquals("true 1, predicted 0: 2", cells.get(2).getTextContent());
        // darkest cell is the largest count
        assertEquals("#08306b", cells.get(3).getAttribute("fill"));
        assertEquals("#ffffff", cells.stream().filter(c -> c.getAttribute("data-count").equals("0")).findFirst().map(c -> c.getAttribute("fill")).orElse("#ffffff"));
        assertTrue(html.contains(">dog</text>"));
        assertFalse(html.contains("<script"), "self-contained, no scripts");
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/", "").contains("http://"), "nothing loaded from elsewhere");
    }

    @Test
    void callbackWritesTheReportWithTheValidationConfusionMatrix(@TempDir Path dir) throws Exception {
        Generator.seed(6);
        Spirals s = Spirals.generate(20, 3, 0.1, new Generator(6));
        Module net = TestData.mlp(16, 3);
        Path out = dir.resolve("report.html");
        var h = new Trainer(net, new Adam(net.parameters(), 0.01)).metrics(new Accuracy()).confusionMatrix(3)
                .callbacks(new HtmlReport(out, "spirals"))
                .fit(TestData.batches(s.features(), s.labels(), 20, null), TestData.batches(s.features(), s.labels(), 60, null), 3);
        Document d = parse(Files.readString(out));
        List<Element> cells = elements(d, "rect").stream().filter(e -> e.getAttribute("class").equals("cell")).toList();
        assertEquals(9, cells.size());
        long total = cells.stream().mapToLong(c -> Long.parseLong(c.getAttribute("data-count"))).sum();
        assertEquals(60, total);
        long diagonal = cells.stream().filter(c -> c.getAttribute("data-true").equals(c.getAttribute("data-pred")))
                .mapToLong(c -> Long.parseLong(c.getAttribute("data-count"))).sum();
        assertEquals(h.last().get("val_accuracy"), diagonal / 60.0, 1e-12);
        String valAcc = elements(d, "polyline").stream().filter(p -> p.getAttribute("data-key").equals("val_accuracy")).findFirst().orElseThrow()
                .getAttribute("data-values");
        assertEquals(h.epochs().stream().map(m -> m.get("val_accuracy").toString()).reduce((a, b) -> a + "," + b).orElseThrow(), valAcc);
    }

    @Test
    void axesUseRoundSteps() throws Exception {
        assertEquals(0.5, HtmlReport.niceStep(0.23), 1e-15);
        assertEquals(0.1, HtmlReport.niceStep(0.1), 1e-15);
        assertEquals(5, HtmlReport.niceStep(3), 1e-15);
        assertEquals(0.02, HtmlReport.niceStep(0.011), 1e-15);
        // loss 0.5 .. 1.0: step 0.2, axis 0.4 .. 1.0
        String html = HtmlReport.render("r", List.of(epoch(1, 0.9, 0.6, 1.0, 0.55), epoch(2, 0.5, 0.9, 0.65, 0.85)), null, null);
        Element loss = elements(parse(html), "svg").get(0);
        List<String> labels = new ArrayList<>();
        NodeList texts = loss.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) if ("end".equals(((Element) texts.item(i)).getAttribute("text-anchor"))) labels.add(texts.item(i).getTextContent());
        assertEquals(List.of("0.4", "0.6", "0.8", "1.0"), labels);
    }
}
