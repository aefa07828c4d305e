package io.auteur.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVChapter;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Chapters of MP4, MOV and Matroska files, through libavformat: {@link #write} remuxes the file with a chapter
 * list (packets are copied, nothing is re-encoded) and {@link #read} lists the chapters a file declares.
 *
 * <p>JavaCV's recorder keeps its format context private, so chapters cannot be handed to it while it encodes;
 * a remux afterwards is the public route. In MP4 FFmpeg stores them twice, as a Nero {@code chpl} box and as a
 * QuickTime chapter text track, so both kinds of player find them. Write chapters before signing a file: the
 * remux rewrites every byte, which would break a C2PA hard binding made earlier.
 */
public final class Chapters {
    /** The most chapters written or read; a film has a chapter per scene. */
    public static final int MAX_CHAPTERS = 10_000;

    static {
        FfmpegLog.quiet();
    }

    private Chapters() {}

    /**
     * Rewrites {@code video} in place with {@code chapters} (replacing any it had). The streams are copied as they
     * are; the result goes to a hidden partial file first and replaces the original only when complete.
     */
    public static void write(Path video, List<Chapter> chapters) {
        Video.requireReadable(video);
        if (chapters.isEmpty() || chapters.size() > MAX_CHAPTERS) {
            throw new IllegalArgumentException("write 1 to " + MAX_CHAPTERS + " chapters, not " + chapters.size());
        }
        String name = video.getFileName().toString();
        Path partial = video.toAbsolutePath().resolveSibling("." + name + ".chapters.partial" + extension(name));
        try {
            remux(video, partial, chapters);
            Files.move(partial, video, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MediaException(video + ": cannot replace the file with its chaptered copy (" + e.getMessage() + ")", e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a hidden partial file left after an error is harmless and named as such
            }
        }
    }

    /** The chapters {@code video} declares, in order; empty when it has none. */
    public static List<Chapter> read(Path video, Limits limits) {
        Video.requireReadable(video);
        AVFormatContext input = new AVFormatContext(null);
        check(avformat_open_input(input, video.toString(), null, null), video, "open");
        try {
            int count = input.nb_chapters();
            int bound = Math.min(MAX_CHAPTERS, limits.maxEntries());
            if (count > bound) {
                throw new LimitExceededException(video.toString(), "chapters", bound, count);
            }
            List<Chapter> chapters = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                AVChapter chapter = input.chapters(i);
                double unit = av_q2d(chapter.time_base());
                AVDictionaryEntry title = av_dict_get(chapter.metadata(), "title", null, 0);
                String text = title == null ? "" : title.value().getString(StandardCharsets.UTF_8);
                chapters.add(new Chapter(text.length() > Chapter.MAX_TITLE_CHARS ? text.substring(0, Chapter.MAX_TITLE_CHARS) : text,
                        chapter.start() * unit, chapter.end() * unit));
            }
            return chapters;
        } finally {
            avformat_close_input(input);
        }
    }

    private static void remux(Path source, Path target, List<Chapter> chapters) {
        AVFormatContext input = new AVFormatContext(null);
        check(avformat_open_input(input, source.toString(), null, null), source, "open");
        AVFormatContext output = new AVFormatContext(null);
        AVPacket packet = null;
        try {
            check(avformat_find_stream_info(input, (PointerPointer<?>) null), source, "read the stream headers of");
            check(avformat_alloc_output_context2(output, null, null, target.toString()), target, "choose a muxer for");
            // Video and audio only: a chapter text track from an earlier write is rebuilt from the new list.
            int[] outputIndex = new int[input.nb_streams()];
            int streams = 0;
            for (int i = 0; i < input.nb_streams(); i++) {
                AVStream in = input.streams(i);
                int type = in.codecpar().codec_type();
                if (type != AVMEDIA_TYPE_VIDEO && type != AVMEDIA_TYPE_AUDIO) {
                    outputIndex[i] = -1;
                    continue;
                }
                AVStream out = avformat_new_stream(output, null);
                check(avcodec_parameters_copy(out.codecpar(), in.codecpar()), source, "copy the stream parameters of");
                out.codecpar().codec_tag(0);
                out.time_base(in.time_base());
                outputIndex[i] = streams++;
            }
            if (streams == 0) {
                throw new MediaException(source + ": holds no video or audio stream to carry chapters");
            }
            attach(output, chapters);
            if ((output.oformat().flags() & AVFMT_NOFILE) == 0) {
                AVIOContext io = new AVIOContext(null);
                check(avio_open(io, target.toString(), AVIO_FLAG_WRITE), target, "create");
                output.pb(io);
            }
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "movflags", "+faststart", 0); // as VideoWriter writes: the index before the data
            try {
                check(avformat_write_header(output, options), target, "write the header of");
            } finally {
                av_dict_free(options);
            }
            packet = av_packet_alloc();
            while (av_read_frame(input, packet) >= 0) {
                int index = packet.stream_index();
                if (index < 0 || index >= outputIndex.length || outputIndex[index] < 0) {
                    av_packet_unref(packet);
                    continue;
                }
                av_packet_rescale_ts(packet, input.streams(index).time_base(),
                        output.streams(outputIndex[index]).time_base());
                packet.stream_index(outputIndex[index]);
                packet.pos(-1);
                check(av_interleaved_write_frame(output, packet), target, "write a packet to");
            }
            check(av_write_trailer(output), target, "finish");
        } finally {
            if (packet != null) {
                av_packet_free(packet);
            }
            if (output.pb() != null && (output.oformat() == null || (output.oformat().flags() & AVFMT_NOFILE) == 0)) {
                avio_closep(output.pb());
            }
            if (!output.isNull()) {
                avformat_free_context(output); // frees the chapters and their titles too
            }
            avformat_close_input(input);
        }
    }

    /**
     * Hands the chapter list to the muxer. The memory comes from av_mallocz because avformat_free_context frees
     * each chapter, its metadata and the array with av_free.
     */
    private static void attach(AVFormatContext output, List<Chapter> chapters) {
        Pointer array = av_mallocz((long) chapters.size() * Loader.sizeof(PointerPointer.class));
        PointerPointer<AVChapter> pointers = new PointerPointer<>(array);
        output.chapters(pointers);
        for (int i = 0; i < chapters.size(); i++) {
            Chapter chapter = chapters.get(i);
            AVChapter entry = new AVChapter(av_mallocz(Loader.sizeof(AVChapter.class)));
            entry.id(i + 1);
            entry.time_base(av_make_q(1, 1000));
            entry.start(Math.round(chapter.startSeconds() * 1000));
            entry.end(Math.round(chapter.endSeconds() * 1000));
            AVDictionary metadata = new AVDictionary(null);
            av_dict_set(metadata, "title", chapter.title(), 0);
            entry.metadata(metadata);
            pointers.put(i, entry);
            output.nb_chapters(i + 1);
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? ".mp4" : name.substring(dot);
    }

    private static void check(int code, Path file, String what) {
        if (code < 0) {
            throw new MediaException(file + ": FFmpeg cannot " + what + " the file (error " + code + ")");
        }
    }
}
