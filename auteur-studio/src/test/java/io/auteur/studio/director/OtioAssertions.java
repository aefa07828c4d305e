package io.auteur.studio.director;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks an .otio file against the OpenTimelineIO schemas it claims: the fields each schema version serialises
 * (as OpenTimelineIO 0.17's JSON adapter writes them), times that add up, and media references that resolve.
 */
public final class OtioAssertions {
    private static final List<String> ITEM_FIELDS = List.of("OTIO_SCHEMA", "metadata", "name", "source_range", "effects",
            "markers", "enabled");

    private OtioAssertions() {}

    public static void assertValidTimeline(JsonNode timeline, int clips, int frames, Path folder) {
        assertThat(timeline.get("OTIO_SCHEMA").asText()).isEqualTo("Timeline.1");
        assertThat(timeline.has("metadata") && timeline.has("name") && timeline.has("global_start_time")).isTrue();
        assertRationalTime(timeline.get("global_start_time"));
        JsonNode stack = timeline.get("tracks");
        assertItem(stack, "Stack.1");
        assertThat(stack.get("children")).hasSize(1);
        JsonNode track = stack.get("children").get(0);
        assertItem(track, "Track.1");
        assertThat(track.get("kind").asText()).isEqualTo("Video");
        assertThat(track.get("children")).hasSize(clips);
        double rate = -1;
        long sum = 0;
        for (JsonNode clip : track.get("children")) {
            assertItem(clip, "Clip.2");
            assertTimeRange(clip.get("source_range"));
            rate = clip.at("/source_range/duration/rate").asDouble();
            sum += clip.at("/source_range/duration/value").asLong();
            String key = clip.get("active_media_reference_key").asText();
            JsonNode reference = clip.get("media_references").get(key);
            assertThat(reference.get("OTIO_SCHEMA").asText()).isEqualTo("ExternalReference.1");
            assertThat(reference.has("metadata") && reference.has("name") && reference.has("available_image_bounds"))
                    .isTrue();
            assertTimeRange(reference.get("available_range"));
            String url = reference.get("target_url").asText();
            assertThat(url).doesNotStartWith("/");
            assertThat(folder.resolve(url)).isRegularFile();
            assertThat(clip.at("/metadata/auteur/scriptLine").asText()).isNotBlank();
            assertThat(clip.at("/metadata/auteur/continuity").asText()).isIn("CUT", "CONTINUOUS");
        }
        assertThat(sum).isEqualTo(frames);
        assertThat(rate).isPositive();
        long marked = 0;
        for (JsonNode marker : track.get("markers")) {
            assertThat(marker.get("OTIO_SCHEMA").asText()).isEqualTo("Marker.2");
            assertThat(marker.has("color") && marker.has("comment") && marker.has("name")).isTrue();
            assertTimeRange(marker.get("marked_range"));
            assertThat(marker.at("/marked_range/start_time/value").asLong()).isEqualTo(marked);
            marked += marker.at("/marked_range/duration/value").asLong();
        }
        assertThat(marked).as("scene markers cover the film").isEqualTo(frames);
    }

    private static void assertItem(JsonNode node, String schema) {
        assertThat(node.get("OTIO_SCHEMA").asText()).isEqualTo(schema);
        for (String field : ITEM_FIELDS) {
            assertThat(node.has(field)).as(schema + " has " + field).isTrue();
        }
    }

    private static void assertTimeRange(JsonNode range) {
        assertThat(range.get("OTIO_SCHEMA").asText()).isEqualTo("TimeRange.1");
        assertRationalTime(range.get("start_time"));
        assertRationalTime(range.get("duration"));
    }

    private static void assertRationalTime(JsonNode time) {
        assertThat(time.get("OTIO_SCHEMA").asText()).isEqualTo("RationalTime.1");
        assertThat(time.get("rate").isNumber() && time.get("value").isNumber()).isTrue();
        assertThat(time.get("rate").asDouble()).isPositive();
    }
}
