package dev.dendrite.data.readers;

import dev.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vocabulary mapping tokens to ids and back. Id 0 is {@code <unk>}, which every unknown token
 * maps to; reserved tokens (e.g. {@code <pad>}, {@code <bos>}, {@code <eos>}) come next, then the
 * tokens seen at least {@code minFreq} times, most frequent first, ties broken by first appearance
 * in the corpus (the order d2l's Vocab gives, whose sort is stable).
 */
public final class Vocab {
    public static final String UNK = "<unk>";

    private final List<String> idToToken;
    private final Map<String, Integer> tokenToId;
    private final Map<String, Integer> counts;

    private Vocab(List<String> idToToken, Map<String, Integer> counts) {
        this.idToToken = List.copyOf(idToToken);
        this.tokenToId = new HashMap<>();
        for (int i = 0; i < idToToken.size(); i++) tokenToId.putIfAbsent(idToToken.get(i), i);
        this.counts = counts;
    }

    public static Vocab build(Collection<String> tokens, int minFreq, List<String> reserved) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : tokens) counts.merge(t, 1, Integer::sum);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: ties keep first-seen order
        List<String> ids = new ArrayList<>();
        ids.add(UNK);
        for (String r : reserved) if (!ids.contains(r)) ids.add(r);
        for (var e : sorted) {
            if (e.getValue() < minFreq) break;
            if (!ids.contains(e.getKey())) ids.add(e.getKey());
        }
        return new Vocab(ids, counts);
    }

    public static Vocab build(Collection<String> tokens) { return build(tokens, 1, List.of()); }

    public int size() { return idToToken.size(); }

    /** The id of {@code token}, 0 ({@code <unk>}) when unknown. */
    public int id(String token) { return tokenToId.getOrDefault(token, 0); }

    public String token(int id) {
        if (id < 0 || id >= idToToken.size()) throw new IndexOutOfBoundsException("Vocab.token: id " + id + " is outside 0.." + (idToToken.size() - 1));
        return idToToken.get(id);
    }

    public int[] encode(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) out[i] = id(tokens.get(i));
        return out;
    }

    /** The ids as an int64 tensor [n]. */
    public Tensor encodeTensor(List<String> tokens) {
        long[] ids = new long[tokens.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = id(tokens.get(i));
        return Tensor.of(ids, ids.length);
    }

    public List<String> decode(int... ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) out.add(token(id));
        return out;
    }

    /** How often {@code token} occurred in the corpus the vocabulary was built from. */
    public int count(String token) { return counts.getOrDefault(token, 0); }

    /** The tokens in id order. */
    public List<String> tokens() { return idToToken; }
}
