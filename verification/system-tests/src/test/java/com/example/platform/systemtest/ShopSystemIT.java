package com.example.platform.systemtest;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.example.platform.local.LocalPlatform;
import com.example.platform.testsupport.browser.Browser;
import com.example.platform.testsupport.browser.Viewport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop in a real browser (headless Chromium) against the whole platform, as a person
 * would use it after {@code ./run-local}: registers, logs out and in again, fills a cart
 * from the catalog, orders, watches the order count arrive through Kafka, cancels, and
 * sees in the request inspector that two instances answered. Every page runs under the
 * shop's Content-Security-Policy without a single violation or console error. The
 * screenshots of docs/shop.md and the README are taken here, so they stay true.
 */
@SharedPlatform(SharedPlatform.Kind.STEADY)
@Order(5)
class ShopSystemIT {

	private static final String PASSWORD = "correct-horse-battery-staple";

	static LocalPlatform platform;

	static Browser browser;

	@BeforeAll
	static void open(LocalPlatform shared) {
		platform = shared;
		browser = Browser.open(Viewport.DESKTOP);
	}

	@AfterAll
	static void close() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void aShopperRegistersLogsInOrdersAndWatchesTheOrderCountArrive() {
		String email = "shopper-" + UUID.randomUUID() + "@example.com";
		browser.open(shop());
		browser.waitUntil(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#products .card"), 0));

		click(By.cssSelector("[data-view-link=register]"));
		type("register-name", "Grace Hopper");
		type("register-email", email);
		type("register-password", PASSWORD);
		submit("register-form");
		browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));

		click(By.id("logout"));
		click(By.cssSelector("[data-view-link=login]"));
		type("login-email", email);
		type("login-password", PASSWORD);
		submit("login-form");
		browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));

		// The catalog again, until both order-service instances have answered it.
		Set<String> orderServices = platform.instancesOf("order-service");
		assertThat(orderServices).hasSizeGreaterThanOrEqualTo(2);
		browser.waitUntil((driver) -> {
			click(By.cssSelector("[data-view-link=cart]"));
			click(By.cssSelector("[data-view-link=catalog]"));
			return answeredBy().containsAll(orderServices);
		});
		List<WebElement> addButtons = browser.waitUntil(
				ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#products button[data-sku]"), 1));
		addButtons.get(0).click();
		addButtons.get(1).click();
		addButtons.get(1).click();
		browser.waitUntil(ExpectedConditions.textToBe(By.id("cart-count"), "3"));
		browser.screenshot("shop-catalog");

		click(By.cssSelector("[data-view-link=cart]"));
		browser.waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#cart-lines tr"), 2));
		browser.screenshot("shop-cart");
		click(By.id("place-order"));

		// The order's 201, then user-service applies the order event: the account page
		// waits for it and shows the measured window.
		WebElement event = browser.waitUntil(
				ExpectedConditions.presenceOfElementLocated(By.cssSelector("#account-event[data-window-millis]")));
		assertThat(Long.parseLong(event.getDomAttribute("data-window-millis"))).isNotNegative();
		assertThat(text("account-order-count")).isEqualTo("1");
		assertThat(text("account-total")).isNotEqualTo("€0.00");
		browser.screenshot("shop-account");

		List<WebElement> orderRequests = browser.driver()
			.findElements(By.xpath("//ol[@id='requests']/li[.//code[text()='POST /api/orders']]"));
		assertThat(orderRequests).hasSize(1);
		assertThat(orderRequests.getFirst().getText()).contains("201")
			.contains("Idempotency-Key")
			.contains("order-service");

		click(By.cssSelector("[data-view-link=orders]"));
		browser.waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#orders .order"), 1));
		assertThat(text("orders")).contains("PLACED");
		click(By.cssSelector("#orders .order button"));
		browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("orders"), "CANCELLED"));
		browser.screenshot("shop-orders");

		assertThat(browser.problems()).as("CSP violations, uncaught exceptions, failed loads, console errors")
			.isEmpty();
	}

	@Test
	void showsTheCatalogAndTheInspectorAtPhoneWidth() {
		try (Browser phone = Browser.open(Viewport.PHONE)) {
			phone.open(shop());
			phone.waitUntil(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#products .card"), 0));
			phone.waitUntil(
					ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#requests li[data-served-by]"), 0));
			// One column: nothing wider than the screen.
			Long overflow = (Long) phone.driver()
				.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
			assertThat(overflow).isLessThanOrEqualTo(0L);
			phone.screenshot("shop-phone");
			assertThat(phone.problems()).isEmpty();
		}
	}

	private static URI shop() {
		return platform.gatewayUri().resolve("/");
	}

	// The instances the inspector has shown answering.
	private static Set<String> answeredBy() {
		return browser.driver()
			.findElements(By.cssSelector("#requests li[data-served-by]"))
			.stream()
			.map((entry) -> entry.getDomAttribute("data-served-by"))
			.collect(Collectors.toSet());
	}

	private static void click(By locator) {
		browser.waitUntil(ExpectedConditions.elementToBeClickable(locator)).click();
	}

	private static void type(String id, String text) {
		WebElement field = browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
		field.clear();
		field.sendKeys(text);
	}

	private static void submit(String formId) {
		browser.driver().findElement(By.cssSelector("#" + formId + " button[type=submit]")).click();
	}

	private static String text(String id) {
		return browser.driver().findElement(By.id(id)).getText();
	}

}
