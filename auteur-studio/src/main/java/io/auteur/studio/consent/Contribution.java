package io.auteur.studio.consent;

import io.auteur.media.MediaInfo;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.C2pa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One file contributed to the studio: registered as its contributor's asset, then each asked-for scope granted or
 * refused. This is the one way a file enters the registry: {@code auteur consent add FILE}, {@code POST /v1/assets}
 * and {@code auteur dataset import} (which asks for no scopes here and decides them itself) all come through
 * {@link #register}.
 *
 * @param media   what FFmpeg read from the file's headers
 * @param granted the live grant of each asked-for scope the file allows, in scope order
 * @param refused each asked-for scope that was not granted, with the registry's reason (the file's own Content
 *                Credentials forbid it)
 */
public record Contribution(Asset asset, MediaInfo media, List<ConsentRecord> granted, Map<Scope, String> refused) {
    public Contribution {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(media, "media");
        granted = List.copyOf(granted);
        refused = Collections.unmodifiableMap(refused.isEmpty() ? new EnumMap<>(Scope.class) : new EnumMap<>(refused));
    }

    /**
     * Registers {@code file} for the contributor under {@code fileName} (the name it is known by, which for an upload
     * is not the name of the temporary copy): its SHA-256, its probed media facts and what its Content Credentials
     * say about training and mining. Then grants each of {@code scopes}; a scope the credentials forbid is refused
     * and reported, not thrown, because the asset and the other scopes stand.
     *
     * @throws io.auteur.media.MediaException when FFmpeg cannot read the file (nothing is registered then)
     * @throws ConsentException.NotFound      when the contributor is unknown
     * @throws ConsentException.Conflict      when the same bytes are registered to another contributor
     */
    public static Contribution register(ConsentRegistry registry, C2pa c2pa, String contributorId, Path file,
                                        String fileName, String licence, Set<Scope> scopes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConsentException(file + ": no such file");
        }
        registry.requireContributor(contributorId);
        MediaInfo media = Video.probe(file);
        TrainingPermissions permissions = TrainingPermissions.read(file, c2pa);
        Asset asset = registry.registerAsset(contributorId, new ConsentRegistry.AssetFacts(Hashes.sha256(file),
                fileName, media.format(), media.width(), media.height(), media.fps(), media.durationSeconds()),
                licence, permissions);
        List<ConsentRecord> granted = new ArrayList<>();
        Map<Scope, String> refused = new EnumMap<>(Scope.class);
        for (Scope scope : scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes)) {
            try {
                granted.add(registry.grant(asset.sha256(), scope));
            } catch (ConsentException e) {
                refused.put(scope, e.getMessage());
            }
        }
        return new Contribution(asset, media, granted, refused);
    }
}
