package io.auteur.vision.internal;

import io.auteur.vision.FlowField;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/**
 * Dense optical flow by OpenCV's DIS (Kroeger et al., "Fast Optical Flow using Dense Inverse Search", ECCV
 * 2016) on grey frames. The medium preset adds variational refinement, which matters for the small, flat
 * shaded pictures Auteur generates: without it the flow inside untextured regions is noisy.
 *
 * <p>Not thread-safe (DIS keeps buffers between calls); one per thread, closed after use.
 */
public final class DisFlow implements AutoCloseable {
    private final DISOpticalFlow dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM);

    /** Flow from {@code from} to {@code to}, both grey frames of the given size. */
    public FlowField calc(byte[] from, byte[] to, int width, int height) {
        try (Mat a = Frames.greyMat(from, width, height);
             Mat b = Frames.greyMat(to, width, height);
             Mat flow = new Mat()) {
            dis.calc(a, b, flow);
            if (!flow.isContinuous() || flow.rows() != height || flow.cols() != width || flow.channels() != 2) {
                throw new IllegalStateException("DIS returned a " + flow.cols() + "x" + flow.rows() + "x"
                        + flow.channels() + " flow for a " + width + "x" + height + " frame");
            }
            float[] dxdy = new float[2 * width * height];
            try (FloatPointer values = new FloatPointer(flow.data())) {
                values.get(dxdy);
            }
            return new FlowField(width, height, dxdy);
        }
    }

    @Override
    public void close() {
        dis.close();
    }
}
