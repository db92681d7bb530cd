package com.example.platform.testsupport.browser;

/**
 * The size of the page a {@link Browser} renders, fixed so that layouts and screenshots
 * do not depend on the machine.
 *
 * @param width CSS pixels
 * @param height CSS pixels
 * @param phone whether Chromium emulates a phone (touch, mobile viewport, device pixel
 * ratio 2) rather than a desktop window
 */
public record Viewport(int width, int height, boolean phone) {

	/** A laptop's window. */
	public static final Viewport DESKTOP = new Viewport(1400, 1000, false);

	/** A phone held upright (the CSS size of a current mid-range phone). */
	public static final Viewport PHONE = new Viewport(390, 844, true);

	public Viewport {
		if (width <= 0 || height <= 0) {
			throw new IllegalArgumentException("A viewport needs a positive size, not " + width + "x" + height);
		}
	}

}
