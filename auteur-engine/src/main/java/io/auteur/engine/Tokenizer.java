package io.auteur.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Word-level tokenizer over the language the model was trained on. Saved as tokenizer.json beside the weights so
 * the model and its vocabulary always travel together. Id 0 pads, id 1 stands for a word never seen in training.
 */
public final class Tokenizer {
    public static final int PAD = 0;
    public static final int UNKNOWN = 1;
    private static final int MAX_VOCABULARY = 100_000;
    private final List<String> words;
    private final Map<String, Integer> ids = new LinkedHashMap<>();

    private Tokenizer(List<String> words) {
        this.words = List.copyOf(words);
        for (int i = 0; i < this.words.size(); i++) {
            ids.put(this.words.get(i), i);
        }
    }

    /** A vocabulary of every word in {@code texts}, sorted so the same texts always give the same ids. */
    public static Tokenizer fromTexts(Collection<String> texts) {
        TreeSet<String> vocabulary = new TreeSet<>();
        for (String text : texts) {
            vocabulary.addAll(split(text));
        }
        List<String> words = new ArrayList<>(List.of("[pad]", "[unk]"));
        words.addAll(vocabulary);
        return new Tokenizer(words);
    }

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9'-]+")) {
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }

    /** Token ids padded or cut to {@code length}. */
    public int[] encode(String text, int length) {
        int[] out = new int[length];
        List<String> tokens = split(text);
        for (int i = 0; i < Math.min(length, tokens.size()); i++) {
            out[i] = ids.getOrDefault(tokens.get(i), UNKNOWN);
        }
        return out;
    }

    /**
     * Why {@code text} does not fit a model that reads {@code maxTokens} words, or empty if it fits: the words past
     * the window would be silently left out by {@link #encode}, so a caller refuses the text with this reason.
     */
    public static Optional<String> tooLong(String what, String text, int maxTokens) {
        List<String> words = split(text);
        if (words.size() <= maxTokens) {
            return Optional.empty();
        }
        return Optional.of("the " + what + " has " + words.size() + " words but the model reads at most " + maxTokens
                + "; shorten it (it would not read: \"" + String.join(" ", words.subList(maxTokens, words.size())) + "\")");
    }

    /** The words of {@code text} this vocabulary has never seen. */
    public List<String> unknownWords(String text) {
        return split(text).stream().filter(w -> !ids.containsKey(w)).distinct().toList();
    }

    public int size() {
        return words.size();
    }

    public List<String> words() {
        return words;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public void write(Path file) throws IOException {
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("type", "word", "words", words)));
    }

    public static Tokenizer read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ModelFormatException(file + ": no tokenizer here");
            }
            if (Files.size(file) > 16 << 20) {
                throw new ModelFormatException(file + ": tokenizer larger than 16 MiB");
            }
            var node = JSON.readTree(file.toFile());
            var list = node.path("words");
            if (!"word".equals(node.path("type").asText()) || !list.isArray() || list.size() < 2 || list.size() > MAX_VOCABULARY) {
                throw new ModelFormatException(file + ": not a word tokenizer with 2 to " + MAX_VOCABULARY + " words");
            }
            List<String> words = new ArrayList<>();
            list.forEach(w -> words.add(w.asText()));
            return new Tokenizer(words);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": unreadable tokenizer: " + e.getMessage());
        }
    }
}
