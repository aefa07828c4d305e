/** Implementation of io.auteur.vision: OpenCV calls, the flow colour wheel, frame descriptors. Not API. */
package io.auteur.vision.internal;
