package com.example.platform.systemtest;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.example.platform.testsupport.browser.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The gateway's Swagger UI as a user drives it, in a {@link Browser}: what it lists, its
 * "Authorize" dialog, and "Try it out" on one operation, read back from the page.
 */
final class SwaggerUi {

	private final Browser browser;

	private SwaggerUi(Browser browser) {
		this.browser = browser;
	}

	/**
	 * Opens Swagger UI and waits until it shows the first document.
	 * @param browser the browser
	 * @param gateway the gateway's address
	 * @return the page
	 */
	static SwaggerUi open(Browser browser, URI gateway) {
		browser.open(gateway.resolve("/swagger-ui/index.html"));
		SwaggerUi page = new SwaggerUi(browser);
		page.waitForTitle("user-service API");
		return page;
	}

	/**
	 * The documents its "Select a definition" lists.
	 * @return their names
	 */
	List<String> definitions() {
		return definitionSelect().getOptions().stream().map(WebElement::getText).toList();
	}

	/**
	 * Shows another document and waits until its operations are rendered.
	 * @param name its name in the list, e.g. {@code order-service}
	 * @return the operations it shows, as {@code METHOD path}
	 */
	List<String> show(String name) {
		definitionSelect().selectByVisibleText(name);
		waitForTitle(name + " API");
		return this.browser.driver()
			.findElements(By.cssSelector(".opblock-summary"))
			.stream()
			.map((summary) -> summary.findElement(By.cssSelector(".opblock-summary-method")).getText() + " "
					+ summary.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path"))
			.toList();
	}

	/**
	 * Types a token into "Authorize" for the bearer scheme, as a user pastes it.
	 * @param token the access token, without {@code Bearer}
	 */
	void authorize(String token) {
		click(By.cssSelector(".scheme-container button.authorize"));
		WebElement dialog = this.browser
			.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux")));
		dialog.findElement(By.cssSelector("input")).sendKeys(token);
		dialog.findElement(By.cssSelector(".auth-btn-wrapper button.authorize")).click();
		// Accepted: the dialog says so, and masks the token.
		this.browser.waitUntil(ExpectedConditions
			.textToBePresentInElementLocated(By.cssSelector(".modal-ux .auth-container h6"), "Authorized"));
		click(By.cssSelector(".modal-ux .auth-btn-wrapper button.btn-done"));
		this.browser.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
	}

	/**
	 * Opens one operation, presses "Try it out", fills it in, presses "Execute" and waits
	 * for the answer the page shows.
	 * @param tag the operation's tag
	 * @param operationId its id
	 * @param parameters values for its parameters, by name
	 * @param body the request body to send, or {@code null} to leave the example
	 * @return the answer as the page shows it
	 */
	Shown tryOut(String tag, String operationId, Map<String, String> parameters, String body) {
		String operation = "#operations-" + tag + "-" + operationId;
		WebElement block = this.browser
			.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector(operation)));
		if (!block.getAttribute("class").contains("is-open")) {
			block.findElement(By.cssSelector(".opblock-summary-control")).click();
		}
		this.browser
			.waitUntil(ExpectedConditions.elementToBeClickable(By.cssSelector(operation + " button.try-out__btn")))
			.click();
		parameters.forEach((name, value) -> {
			WebElement input = block.findElement(By.cssSelector("tr[data-param-name='" + name + "'] input"));
			input.clear();
			input.sendKeys(value);
		});
		if (body != null) {
			WebElement text = block.findElement(By.cssSelector("textarea.body-param__text"));
			text.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
			text.sendKeys(body);
		}
		block.findElement(By.cssSelector("button.execute")).click();
		// The answer's row: its code with its body, or no code and what went wrong (a
		// fetch the browser refused, for one).
		Shown shown = this.browser.waitUntil((driver) -> {
			List<WebElement> rows = block.findElements(By.cssSelector(".live-responses-table tr.response"));
			if (rows.isEmpty()) {
				return null;
			}
			String code = rows.getFirst().findElement(By.cssSelector(".response-col_status")).getText().trim();
			List<WebElement> shownBody = rows.getFirst()
				.findElements(By.cssSelector(".response-col_description .highlight-code pre"));
			boolean numeric = code.matches("(?s)\\d{3}\\b.*");
			if (numeric && !shownBody.isEmpty()) {
				// "200", and "Undocumented" under it when the document does not list it.
				return new Shown(Integer.parseInt(code.substring(0, 3)), shownBody.getFirst().getText());
			}
			return (numeric || code.isEmpty()) ? null : new Shown(0, rows.getFirst().getText());
		});
		// At the top of the window, with the label above it: a screenshot shows the call
		// (as curl) and the answer.
		this.browser.driver()
			.executeScript("arguments[0].scrollIntoView(); window.scrollBy(0, -40)",
					block.findElement(By.cssSelector(".curl-command")));
		return shown;
	}

	private Select definitionSelect() {
		return new Select(
				this.browser.waitUntil(ExpectedConditions.elementToBeClickable(By.cssSelector(".topbar select"))));
	}

	private void waitForTitle(String title) {
		this.browser
			.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".info .title"), title));
	}

	private void click(By locator) {
		this.browser.waitUntil(ExpectedConditions.elementToBeClickable(locator)).click();
	}

	/**
	 * An answer as Swagger UI shows it under "Server response".
	 *
	 * @param status the code, 0 when the page shows none
	 * @param body the body, pretty-printed, or what the page shows instead
	 */
	record Shown(int status, String body) {

	}

}
