package com.example.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Reads JSON strings that are text: a NUL character or a surrogate without its pair is
 * refused. JSON lets both through as {@code \u0000} and {@code \ud800} escapes (and a
 * lenient UTF-8 decoder as bytes), but PostgreSQL cannot store a NUL (the insert or the
 * lookup fails, a 500) and writes a lone surrogate as {@code ?}, so
 * {@code "\ud800@example.com"} would be stored as another, made-up email.
 */
final class StrictText extends StringDeserializer {

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) {
		String text = super.deserialize(parser, context);
		if (text != null) {
			String problem = problemOf(text);
			if (problem != null) {
				throw new InvalidTextException(parser, problem);
			}
		}
		return text;
	}

	static String problemOf(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\u0000') {
				return "contains a NUL character";
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return "contains an unpaired surrogate, which is not Unicode text";
			}
		}
		return null;
	}

	/**
	 * A string that is not text; it names what is wrong, never the value.
	 */
	static final class InvalidTextException extends MismatchedInputException {

		private final String problem;

		InvalidTextException(JsonParser parser, String problem) {
			super(parser, "String " + problem, String.class);
			this.problem = problem;
		}

		String problem() {
			return this.problem;
		}

	}

}
