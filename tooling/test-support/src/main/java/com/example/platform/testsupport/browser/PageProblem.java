package com.example.platform.testsupport.browser;

/**
 * Something a page did wrong that only the browser sees: what its console shows in red.
 *
 * @param kind what it is
 * @param message the browser's text
 */
public record PageProblem(Kind kind, String message) {

	@Override
	public String toString() {
		return this.kind + ": " + this.message;
	}

	/** Kinds of problem. */
	public enum Kind {

		/**
		 * The Content-Security-Policy blocked a script, a style, an image, a request...
		 */
		CSP_VIOLATION,

		/** An exception no script caught. */
		UNCAUGHT_EXCEPTION,

		/**
		 * Any other error on the console: {@code console.error}, a failed load, a refused
		 * request.
		 */
		CONSOLE_ERROR

	}

}
