package com.example.platform.benchmark;

import java.util.List;
import java.util.Locale;

/**
 * One bar per target: the measured value against its bound (the black tick), on a scale
 * of its own, green when met and red when not.
 */
final class Chart {

	private static final int ROW = 34;

	private static final int LABEL = 380;

	private static final int BAR = 420;

	private Chart() {
	}

	static String svg(List<Target> targets) {
		int height = 40 + ROW * targets.size();
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">%n",
				LABEL + BAR + 140, height));
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		svg.append(
				"<text x=\"10\" y=\"22\" font-weight=\"bold\">Targets: measured (bar) against bound (tick)</text>\n");
		for (int i = 0; i < targets.size(); i++) {
			Target target = targets.get(i);
			int y = 36 + i * ROW;
			double scale = Math.max(Math.abs(target.value()), Math.abs(target.bound())) * 1.15;
			double width = (scale > 0 && Double.isFinite(target.value())) ? BAR * Math.abs(target.value()) / scale : 0;
			double tick = (scale > 0) ? LABEL + BAR * Math.abs(target.bound()) / scale : LABEL;
			svg.append(
					String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 16, escape(target.name())));
			svg.append(
					String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\"/>%n",
							LABEL, y, width, target.met() ? "#3c9a4e" : "#c8413b"));
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-width=\"2\"/>%n", tick,
					y - 3, tick, y + 25));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s%s (%s)</text>%n", LABEL + BAR + 8, y + 16,
					Report.number(target.value()), escape(target.unit()), escape(target.condition())));
		}
		return svg.append("</svg>\n").toString();
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
