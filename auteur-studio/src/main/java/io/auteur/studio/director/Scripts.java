package io.auteur.studio.director;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a script file: a Fountain screenplay (.fountain, .spmd, .txt) or a YAML shot list (.yaml, .yml). */
public final class Scripts {
    private Scripts() {}

    public static Screenplay read(Path file, ScriptLimits limits) {
        String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String name = source.toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        if (!yaml && !name.endsWith(".fountain") && !name.endsWith(".spmd") && !name.endsWith(".txt")) {
            throw new ScriptException(source, "give a Fountain screenplay (.fountain) or a YAML shot list (.yaml)");
        }
        if (!Files.isRegularFile(file)) {
            throw new ScriptException(source, "no such file: " + file);
        }
        String text;
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                throw new ScriptException(source, "the script is " + size + " bytes, more than the limit of "
                        + limits.maxBytes());
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ScriptException(source, "the script is not UTF-8 text");
        } catch (IOException e) {
            throw new ScriptException(source, "cannot read the script: " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark some editors write
        }
        return yaml ? ShotListParser.parse(text, source, limits) : FountainParser.parse(text, source, limits);
    }
}
