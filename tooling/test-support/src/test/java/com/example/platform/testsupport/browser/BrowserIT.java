package com.example.platform.testsupport.browser;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness against real Chromium: pages served under a strict Content-Security-Policy
 * by a stand-in, one clean and one that breaks it in every way the harness must notice.
 */
class BrowserIT {

	private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'";

	private static final Map<String, Response> PAGES = Map.of("/clean.html",
			html("""
					<!doctype html><html><head><title>clean</title>
					<meta name="viewport" content="width=device-width, initial-scale=1"><script src="/render.js"></script></head>
					<body><p id="greeting">waiting</p></body></html>"""),
			"/render.js", Response.of(200, "text/javascript", """
					addEventListener("DOMContentLoaded", () => {
						const greeting = document.getElementById("greeting");
						greeting.textContent = "rendered";
						// CSSOM, not an inline style attribute: allowed by style-src 'self'.
						greeting.style.color = "green";
					});"""), "/broken.html", html("""
					<!doctype html><html><head><title>broken</title><style>p { color: red }</style>
					<script>document.title = "inline ran";</script><script src="/break.js"></script></head>
					<body><p id="greeting" style="font-weight: bold">waiting</p></body></html>"""), "/break.js",
			Response.of(200, "text/javascript", """
					console.error("something went wrong");
					fetch("https://example.org/elsewhere").catch(() => {});
					setTimeout(() => { throw new Error("nobody caught this"); });"""));

	private static HttpStandIn site;

	private static Browser browser;

	@BeforeAll
	static void start() {
		site = HttpStandIn.start((request) -> PAGES.getOrDefault(request.path(), Response.empty(404))
			.withHeader("Content-Security-Policy", POLICY));
		browser = Browser.open(Viewport.DESKTOP);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.close();
		}
		site.close();
	}

	@Test
	void reportsNoProblemForAPageWithinItsPolicy() {
		int before = browser.problems().size();
		browser.open(page("/clean.html"));
		browser.waitUntil(ExpectedConditions.textToBe(By.id("greeting"), "rendered"));

		assertThat(browser.problems()).hasSize(before);
		assertThat(browser.driver().findElement(By.id("greeting")).getCssValue("color"))
			.isEqualTo("rgba(0, 128, 0, 1)");
	}

	@Test
	void collectsEveryCspViolationConsoleErrorAndUncaughtException() {
		browser.open(page("/broken.html"));
		browser.waitUntil((driver) -> browser.problems()
			.stream()
			.anyMatch((problem) -> problem.kind() == PageProblem.Kind.UNCAUGHT_EXCEPTION));

		assertThat(browser.cspViolations()).as("the inline style element, style attribute and script, and the fetch")
			.anySatisfy((violation) -> assertThat(violation).contains("inline style").contains("style-src 'self'"))
			.anySatisfy((violation) -> assertThat(violation).contains("inline script").contains("script-src 'self'"))
			.anySatisfy((violation) -> assertThat(violation).contains("https://example.org/elsewhere"));
		assertThat(browser.problems()).contains(new PageProblem(PageProblem.Kind.CONSOLE_ERROR, "something went wrong"))
			.anySatisfy((problem) -> assertThat(problem.toString()).startsWith("UNCAUGHT_EXCEPTION")
				.contains("nobody caught this"));
		assertThat(browser.driver().getTitle()).as("the inline script was blocked").isEqualTo("broken");
	}

	@Test
	void rendersAPhoneSizedPage() {
		try (Browser phone = Browser.open(Viewport.PHONE)) {
			phone.open(page("/clean.html"));
			phone.waitUntil(ExpectedConditions.textToBe(By.id("greeting"), "rendered"));

			assertThat(phone.driver().executeScript("return [innerWidth, innerHeight]")).isEqualTo(List.of(390L, 844L));
			assertThat(phone.problems()).isEmpty();
		}
	}

	private static URI page(String path) {
		return site.uri().resolve(path);
	}

	private static Response html(String body) {
		return Response.of(200, "text/html; charset=utf-8", body);
	}

}
