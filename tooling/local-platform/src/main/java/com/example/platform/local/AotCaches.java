package com.example.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.example.platform.infra.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applications' JDK AOT caches (JEP 483/514), trained once per build of each
 * application: a training run costs more than the startups it shortens, so its cache
 * serves every later start, {@code --clean} ones included, until the jar or the JDK
 * changes. Anything that goes wrong costs the cache, never the start: the application
 * then starts from its fat jar as without {@code --aot-cache}.
 */
final class AotCaches {

	private static final Logger log = LoggerFactory.getLogger(AotCaches.class);

	/**
	 * Builds of an application kept in all: the newest and one a platform may still run.
	 */
	private static final int KEPT_BUILDS = 2;

	private static final String EXTRACTING = ".extracting-";

	private static final String TRAINING = "training-";

	private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

	private final Path root;

	private final AotCommands commands;

	private final Path logDirectory;

	private final Duration trainingTimeout;

	private static final ConcurrentMap<String, Object> TRAININGS = new ConcurrentHashMap<>();

	private final Map<String, Duration> trainingTimes = new LinkedHashMap<>();

	/**
	 * Caches kept in one directory.
	 * @param root where the caches are kept
	 * @param commands how the JVMs are run
	 * @param logDirectory where the output of extraction, training and checks goes
	 * @param trainingTimeout how long one application's training may take
	 */
	AotCaches(Path root, AotCommands commands, Path logDirectory, Duration trainingTimeout) {
		this.root = root.toAbsolutePath();
		this.commands = commands;
		this.logDirectory = logDirectory;
		this.trainingTimeout = trainingTimeout;
	}

	/**
	 * The application's extraction with a cache the JVM accepts: the one of an earlier
	 * start, else a new one, trained again once when the JVM rejects the existing one.
	 * @param application the application's module
	 * @param fatJar its executable jar
	 * @param environment what the training run gets, asked for only when it trains
	 * @return where to start the application from, or empty to start the fat jar without
	 * a cache
	 */
	Optional<AotCacheLocation> prepare(String application, Path fatJar, Supplier<Map<String, String>> environment) {
		if (!Files.isRegularFile(fatJar)) {
			return Optional.empty();
		}
		Path output = this.logDirectory.resolve(application + "-aot.log");
		try {
			Files.createDirectories(this.root);
			AotCacheLocation location = AotCacheLocation.of(this.root, application, fatJar,
					System.getProperty("java.version"));
			// One training per application at a time on the machine, also across
			// launchers: two for the same build would write the same cache. Different
			// applications train side by side (a training run keeps about one core busy).
			synchronized (TRAININGS.computeIfAbsent(application, (key) -> new Object())) {
				try (FileChannel lock = lock(application)) {
					return prepare(location, fatJar, environment, output);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("{} starts without the AOT cache: {} (see {})", application, ex.toString(), output);
			return Optional.empty();
		}
	}

	/**
	 * How long each application's cache took to prepare, extraction included, for those
	 * trained by this instance.
	 * @return the durations by application, in training order
	 */
	synchronized Map<String, Duration> trainingTimes() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.trainingTimes));
	}

	private Optional<AotCacheLocation> prepare(AotCacheLocation location, Path fatJar,
			Supplier<Map<String, String>> environment, Path output) throws IOException {
		Instant started = Instant.now();
		if (!Files.isDirectory(location.directory())) {
			extract(location, fatJar, output);
		}
		// The directory's time, not its files': a jar's would invalidate the cache.
		Files.setLastModifiedTime(location.directory(), FileTime.from(Instant.now()));
		prune(location);
		if (Files.isRegularFile(location.cache()) && isUsable(location, output)) {
			log.info("Starting {} with the AOT cache {}", location.application(), location.cache());
			return Optional.of(location);
		}
		log.info("Training the AOT cache of {} (output in {})", location.application(), output);
		if (train(location, environment.get(), output) && isUsable(location, output)) {
			Duration took = Duration.between(started, Instant.now());
			synchronized (this) {
				this.trainingTimes.put(location.application(), took);
			}
			log.info("Trained the AOT cache of {} in {} s", location.application(), took.toMillis() / 1000.0);
			return Optional.of(location);
		}
		log.warn("{} starts without the AOT cache: training gave none the JVM accepts (see {})", location.application(),
				output);
		return Optional.empty();
	}

	/** Into a temporary directory first, so a directory of the final name is complete. */
	private void extract(AotCacheLocation location, Path fatJar, Path output) throws IOException {
		Path extracting = this.root.resolve(EXTRACTING + location.directory().getFileName());
		FileTrees.delete(extracting);
		if (!JvmRun.succeeds(this.commands.extract(fatJar, extracting, location.jar().getFileName().toString()),
				Map.of(), output, this.trainingTimeout)) {
			FileTrees.delete(extracting);
			throw new IOException("Could not extract " + fatJar);
		}
		Files.move(extracting, location.directory(), StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Writes the cache under another name first, so that an interrupted training leaves
	 * no partial cache behind and a JVM starting meanwhile finds the old one whole.
	 */
	private boolean train(AotCacheLocation location, Map<String, String> environment, Path output) throws IOException {
		Path training = location.directory().resolve(TRAINING + ProcessHandle.current().pid() + ".aot");
		deleteTrainingLeftovers(location);
		try {
			boolean ran = JvmRun.succeeds(this.commands.train(location, training), environment, output,
					this.trainingTimeout);
			if (!Files.isRegularFile(training)) {
				return false;
			}
			if (!ran) {
				// Still faster than none; the check decides whether the JVM takes it.
				log.warn("The training run of {} failed (see {}): its cache holds only the classes loaded until then",
						location.application(), output);
			}
			Files.move(training, location.cache(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return true;
		}
		finally {
			deleteTrainingLeftovers(location);
		}
	}

	private boolean isUsable(AotCacheLocation location, Path output) {
		return JvmRun.succeeds(this.commands.check(location), Map.of(), output, CHECK_TIMEOUT);
	}

	/** Under the lock, so no other training is writing them. */
	private static void deleteTrainingLeftovers(AotCacheLocation location) throws IOException {
		for (Path file : children(location.directory())) {
			if (file.getFileName().toString().startsWith(TRAINING)) {
				FileTrees.delete(file);
			}
		}
	}

	/**
	 * Every build gets a directory of a few hundred megabytes: keeps the newest few of
	 * this application and drops its interrupted extractions (its lock is held, so none
	 * is running; other applications' may be).
	 */
	private void prune(AotCacheLocation location) throws IOException {
		List<Path> children = children(this.root);
		for (Path child : children) {
			String name = child.getFileName().toString();
			if (name.startsWith(EXTRACTING) && location.isBuildOfSameApplication(name.substring(EXTRACTING.length()))) {
				FileTrees.delete(child);
			}
		}
		List<Path> older = children.stream()
			.filter((child) -> location.isBuildOfSameApplication(child.getFileName().toString()))
			.filter((child) -> !child.equals(location.directory()))
			.sorted(Comparator.comparing(AotCaches::lastModified).reversed())
			.toList();
		for (Path build : older.stream().skip(KEPT_BUILDS - 1).toList()) {
			log.info("Deleting the AOT cache of an older build: {}", build);
			FileTrees.delete(build);
		}
	}

	private FileChannel lock(String application) throws IOException {
		FileChannel channel = FileChannel.open(this.root.resolve(".lock-" + application), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		try {
			if (channel.tryLock() == null) {
				log.info("Waiting for another launcher training the AOT cache of {} in {}", application, this.root);
				channel.lock();
			}
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	private static List<Path> children(Path directory) throws IOException {
		try (Stream<Path> children = Files.list(directory)) {
			return children.toList();
		}
	}

	private static FileTime lastModified(Path path) {
		try {
			return Files.getLastModifiedTime(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
