package com.example.platform.deployment;

/**
 * Image references: pinned or not, and their repository and tag.
 */
final class Images {

	private Images() {
	}

	static boolean isPinned(String image) {
		String tag = tag(image);
		return image.contains("@sha256:") || (tag != null && !tag.isBlank() && !"latest".equals(tag));
	}

	static String tag(String image) {
		int slash = image.lastIndexOf('/');
		int colon = image.lastIndexOf(':');
		return (colon > slash) ? image.substring(colon + 1) : null;
	}

	/** The image's name without registry and tag, e.g. {@code user-service}. */
	static String shortName(String image) {
		String withoutTag = (tag(image) != null) ? image.substring(0, image.lastIndexOf(':')) : image;
		return withoutTag.substring(withoutTag.lastIndexOf('/') + 1);
	}

}
