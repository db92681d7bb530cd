package com.example.platform.testsupport.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Level;

import com.example.platform.testsupport.OsPackages;
import org.openqa.selenium.BuildInfo;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.DevToolsException;
import org.openqa.selenium.devtools.events.ConsoleEvent;
import org.openqa.selenium.devtools.idealized.Domains;
import org.openqa.selenium.devtools.idealized.log.model.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for tests: Debian's headless Chromium driven by Selenium through
 * Debian's chromedriver, both installed by {@link OsPackages} when missing (so a machine
 * with only a JDK runs the browser tests as root, and skips them loudly otherwise). The
 * window has a fixed {@link Viewport}; waits are {@link WebDriverWait}s on a condition,
 * never sleeps; and everything the page's console shows as an error (a
 * Content-Security-Policy violation, an uncaught exception, a failed load, a
 * {@code console.error}) is collected from Chrome DevTools as it happens, for the test to
 * assert there is none.
 * <p>
 * A module that uses it declares {@code selenium-chrome-driver}, {@code selenium-support}
 * and {@code selenium-devtools-v156} (optional here, so that the modules without a
 * browser test do not carry Selenium).
 */
public final class Browser implements AutoCloseable {

	/**
	 * The system property that makes {@link #screenshot(String)} refresh the
	 * documentation's images.
	 */
	public static final String UPDATE_SCREENSHOTS = "platform.screenshots.update";

	// Generous: on a 2-core machine shared with other builds a page's scripts were seen
	// to take seconds to render.
	private static final Duration WAIT = Duration.ofSeconds(30);

	/**
	 * The Chromium major version whose DevTools bindings the build carries
	 * ({@code selenium-devtools-v156} in test-support's pom; they move together).
	 */
	private static final int SUPPORTED_CHROMIUM = 156;

	private final ChromeDriver driver;

	private final DevTools devTools;

	private final List<PageProblem> problems = new CopyOnWriteArrayList<>();

	/**
	 * Console messages {@link #problems()} wrote to know that every earlier one arrived.
	 */
	private final Set<String> marksSeen = ConcurrentHashMap.newKeySet();

	private Browser(ChromeDriver driver) {
		this.driver = driver;
		try {
			this.devTools = driver.getDevTools();
			this.devTools.createSession();
			Domains domains = this.devTools.getDomains();
			domains.events().addConsoleListener(this::onConsole);
			domains.events().addJavascriptExceptionListener(this::onException);
			this.devTools.send(domains.log().enable());
			this.devTools.addListener(domains.log().entryAdded(), this::onLogEntry);
		}
		catch (DevToolsException ex) {
			// Selenium carries DevTools bindings for the newest Chromium versions only:
			// an
			// older Chromium (a Debian without its security updates has 150) cannot tell
			// the tests its console errors and CSP violations, so they are skipped,
			// saying
			// which browser they need, rather than failing or passing blind.
			String version = driver.getCapabilities().getBrowserVersion();
			driver.quit();
			throw OsPackages.unusable("chromium",
					"Chromium " + version + " is installed, but Selenium " + new BuildInfo().getReleaseLabel()
							+ " has DevTools bindings only for " + SUPPORTED_CHROMIUM + " (selenium-devtools-v"
							+ SUPPORTED_CHROMIUM + "): install Debian's chromium and chromium-driver "
							+ SUPPORTED_CHROMIUM
							+ " (bookworm-security), e.g. apt-get install --only-upgrade chromium chromium-driver");
		}
		catch (RuntimeException ex) {
			// No browser left running behind a test that failed to start.
			driver.quit();
			throw ex;
		}
	}

	/**
	 * Starts headless Chromium, installing it and chromedriver first when missing.
	 * @param viewport the size of the page
	 * @return the browser, to close after the test
	 * @throws org.opentest4j.TestAbortedException when they are missing and cannot be
	 * installed: the test is skipped, and says why
	 */
	public static Browser open(Viewport viewport) {
		OsPackages.require("chromium", "chromedriver");
		ChromeOptions options = new ChromeOptions();
		// Debian's chromium is a script that adds the distribution's flags, then starts
		// the browser.
		options.setBinary(onPath("chromium"));
		options.addArguments("--headless=new", "--disable-dev-shm-usage", "--lang=en-US", "--hide-scrollbars",
				"--force-device-scale-factor=1", "--window-size=" + viewport.width() + "," + viewport.height());
		if ("root".equals(System.getProperty("user.name"))) {
			// Chromium's sandbox refuses to start as root (CI runs as root).
			options.addArguments("--no-sandbox");
		}
		// The page's own size, exactly: the window's includes what the browser draws
		// around the page.
		options.setExperimentalOption("mobileEmulation",
				Map.of("deviceMetrics", Map.of("width", viewport.width(), "height", viewport.height(), "pixelRatio",
						viewport.phone() ? 2.0 : 1.0, "mobile", viewport.phone(), "touch", viewport.phone())));
		// The driver named explicitly: Selenium Manager would otherwise try to download
		// one.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(onPath("chromedriver"))
			.usingAnyFreePort()
			.build();
		return new Browser(new ChromeDriver(service, options));
	}

	/**
	 * The Selenium driver, to find elements, act on them and run scripts.
	 * @return the driver
	 */
	public ChromeDriver driver() {
		return this.driver;
	}

	/**
	 * Loads a page and waits for its document (not for what its scripts render: wait for
	 * that with {@link #waitUntil}).
	 * @param uri the page
	 */
	public void open(URI uri) {
		this.driver.get(uri.toString());
	}

	/**
	 * Waits until the condition holds, polling it, up to 30 seconds.
	 * @param <T> what the condition returns once it holds
	 * @param condition for example an
	 * {@link org.openqa.selenium.support.ui.ExpectedConditions ExpectedConditions}
	 * @return the condition's value
	 * @throws org.openqa.selenium.TimeoutException when it does not hold in time
	 */
	public <T> T waitUntil(Function<? super WebDriver, T> condition) {
		try {
			return new WebDriverWait(this.driver, WAIT).until(condition);
		}
		catch (TimeoutException ex) {
			// What the console showed is often why the page never got there.
			throw new TimeoutException(ex.getMessage() + System.lineSeparator() + "The page's problems so far: "
					+ List.copyOf(this.problems), ex);
		}
	}

	/**
	 * Every problem the pages showed on the console since the browser started, including
	 * those of the last action: a message written to the console now is awaited first,
	 * and the console reports in order.
	 * @return the problems, in the order they happened
	 */
	public List<PageProblem> problems() {
		String mark = "browser-harness-mark-" + UUID.randomUUID();
		this.driver.executeScript("console.debug(arguments[0])", mark);
		waitUntil((driver) -> this.marksSeen.contains(mark));
		return List.copyOf(this.problems);
	}

	/**
	 * The Content-Security-Policy violations among the {@link #problems()}.
	 * @return their messages, which name the directive and what it blocked
	 */
	public List<String> cspViolations() {
		return problems().stream()
			.filter((problem) -> problem.kind() == PageProblem.Kind.CSP_VIOLATION)
			.map(PageProblem::message)
			.toList();
	}

	/**
	 * Saves what the window shows as {@code target/screenshots/NAME.png} of the module
	 * under test, or, with {@code -D}{@value #UPDATE_SCREENSHOTS}{@code =true}, as
	 * {@code docs/images/NAME.png} of the repository, which the documentation shows: so
	 * an ordinary run leaves the committed images alone, and refreshing them is a choice.
	 * @param name the file's name without extension
	 * @return the file written
	 */
	public Path screenshot(String name) {
		Path file = screenshotDirectory(Boolean.getBoolean(UPDATE_SCREENSHOTS)).resolve(name + ".png");
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
		return file;
	}

	static Path screenshotDirectory(boolean update) {
		// Surefire and failsafe run in the module's directory.
		return update ? repositoryRoot().resolve("docs/images") : Path.of("target", "screenshots").toAbsolutePath();
	}

	@Override
	public void close() {
		try {
			this.devTools.close();
		}
		finally {
			this.driver.quit();
		}
	}

	private void onConsole(ConsoleEvent event) {
		List<String> messages = event.getMessages();
		if ("debug".equals(event.getType()) && messages.size() == 1
				&& messages.getFirst().startsWith("browser-harness-mark-")) {
			this.marksSeen.add(messages.getFirst());
		}
		else if ("error".equals(event.getType()) || "assert".equals(event.getType())) {
			this.problems.add(new PageProblem(PageProblem.Kind.CONSOLE_ERROR, String.join(" ", messages)));
		}
	}

	private void onException(JavascriptException exception) {
		this.problems.add(new PageProblem(PageProblem.Kind.UNCAUGHT_EXCEPTION, exception.getRawMessage()));
	}

	// What the browser itself logs: CSP violations (source "security"), failed loads
	// ("network"), and others, each with a level.
	private void onLogEntry(LogEntry entry) {
		if (entry.getEntry().getLevel().intValue() < Level.SEVERE.intValue()) {
			return;
		}
		String message = entry.getEntry().getMessage();
		PageProblem.Kind kind = message.contains("Content Security Policy") ? PageProblem.Kind.CSP_VIOLATION
				: PageProblem.Kind.CONSOLE_ERROR;
		this.problems.add(new PageProblem(kind, message));
	}

	private static File onPath(String command) {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File file = new File(directory, command);
			if (!directory.isEmpty() && file.canExecute()) {
				return file;
			}
		}
		throw new IllegalStateException(command + " is not on the PATH, though OsPackages found it");
	}

	/** The repository: the first directory up from here that holds mvnw and docs/. */
	private static Path repositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null
				&& !(Files.isExecutable(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("docs")))) {
			directory = directory.getParent();
		}
		if (directory == null) {
			throw new IllegalStateException("No repository (mvnw and docs/) above " + Path.of("").toAbsolutePath());
		}
		return directory;
	}

}
