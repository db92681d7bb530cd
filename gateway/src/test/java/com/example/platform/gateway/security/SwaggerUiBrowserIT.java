package com.example.platform.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Request;
import com.example.platform.testsupport.HttpStandIn.Response;
import com.example.platform.testsupport.browser.Browser;
import com.example.platform.testsupport.browser.Viewport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.webjars.WebJarVersionLocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI's own files, exactly as the gateway serves them, rendering the committed
 * OpenAPI documents in headless Chromium under a given Content-Security-Policy: the
 * gateway's lets it render with no violation, and the policy it had before is caught
 * blocking Swagger UI's styles, so a policy that blocks something fails the check. The
 * files come from the gateway's classpath through a stand-in, so that the policy can be
 * varied; the gateway itself is driven in a browser by the system tests
 * ({@code SwaggerUiSystemIT}), and GatewaySecurityIT checks it sends this policy.
 */
class SwaggerUiBrowserIT {

	/** Before Swagger UI's styles were allowed, which this test caught. */
	private static final String PREVIOUS_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
			+ "frame-ancestors 'none'";

	private static final Path DOCUMENTS = Path.of("../docs/api");

	private static final WebJarVersionLocator WEBJARS = new WebJarVersionLocator();

	private static Browser browser;

	@BeforeAll
	static void openBrowser() {
		browser = Browser.open(Viewport.DESKTOP);
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void rendersBothDocumentsWithNoViolationUnderTheGatewaysPolicy() {
		try (HttpStandIn gateway = HttpStandIn.start((request) -> serve(request).withHeader("Content-Security-Policy",
				PageSecurityConfiguration.SWAGGER_UI_POLICY))) {
			int before = browser.problems().size();
			browser.open(gateway.uri().resolve("/swagger-ui/index.html"));
			browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".info .title"),
					"user-service API"));
			assertThat(browser.driver().findElements(By.cssSelector(".opblock"))).hasSizeGreaterThan(3);

			assertThat(browser.problems()).as("console errors and CSP violations").hasSize(before);
		}
	}

	@Test
	void catchesThePreviousPolicyBlockingSwaggerUisStyles() {
		try (HttpStandIn gateway = HttpStandIn
			.start((request) -> serve(request).withHeader("Content-Security-Policy", PREVIOUS_POLICY))) {
			int before = browser.cspViolations().size();
			browser.open(gateway.uri().resolve("/swagger-ui/index.html"));
			browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".info .title"),
					"user-service API"));

			// The logo's <style>, named by the hash the gateway's policy allows.
			assertThat(browser.cspViolations()).hasSizeGreaterThan(before)
				.allSatisfy((violation) -> assertThat(violation).contains("style-src 'self'"))
				.anySatisfy((violation) -> assertThat(violation)
					.contains(PageSecurityConfiguration.LOGO_STYLE_HASH.replace("'", "")));
		}
	}

	/** What the gateway serves at these paths. */
	private static Response serve(Request request) {
		String path = request.path();
		if (path.startsWith("/swagger-ui/")) {
			return Response.of(200, contentType(path), classpath("static" + path));
		}
		if (path.endsWith(".png")) {
			// The stand-in answers text; no icon is no error.
			return Response.empty(204);
		}
		if (path.startsWith("/webjars/swagger-ui/")) {
			String file = path.substring("/webjars/swagger-ui/".length());
			return Response.of(200, contentType(path), classpath(WEBJARS.fullPath("swagger-ui", file)));
		}
		if (path.startsWith("/v3/api-docs/")) {
			return Response.json(200, read(DOCUMENTS.resolve(path.substring("/v3/api-docs/".length()) + ".json")));
		}
		return Response.empty(404);
	}

	private static String contentType(String path) {
		if (path.endsWith(".html")) {
			return "text/html; charset=utf-8";
		}
		return path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
	}

	private static String classpath(String resource) {
		try (InputStream in = SwaggerUiBrowserIT.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No " + resource + " on the gateway's classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
