package com.example.platform.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JarSnapshotsTests {

	@TempDir
	Path work;

	@Test
	void keepsTheJarAsFirstLaunchedWhenTheBuildRewritesIt() throws IOException {
		Path built = this.work.resolve("target/gateway.jar");
		writeJar(built, "1");
		JarSnapshots snapshots = snapshots();

		Path copy = snapshots.of("gateway");
		writeJar(built, "2");

		assertThat(copy).startsWith(this.work.resolve("jars"));
		assertThat(snapshots.of("gateway")).isEqualTo(copy);
		assertThat(version(copy)).isEqualTo("1");
	}

	@Test
	void answersTheBuiltPathOfAJarNotBuiltYetSoTheLaunchCanSaySo() {
		assertThat(snapshots().of("gateway")).isEqualTo(this.work.resolve("target/gateway.jar"));
	}

	@Test
	void deletesItsCopies() throws IOException {
		writeJar(this.work.resolve("target/gateway.jar"), "1");
		JarSnapshots snapshots = snapshots();
		snapshots.of("gateway");

		snapshots.delete();

		assertThat(this.work.resolve("jars")).doesNotExist();
	}

	private JarSnapshots snapshots() {
		return new JarSnapshots((module) -> this.work.resolve("target").resolve(module + ".jar"),
				this.work.resolve("jars"), new Await(Duration.ofSeconds(5)));
	}

	private static void writeJar(Path jar, String version) throws IOException {
		Files.createDirectories(jar.getParent());
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
			jarOut.flush();
		}
	}

	private static String version(Path jar) throws IOException {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.getManifest().getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
		}
	}

}
