package com.example.platform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.example.platform.infra.EmbeddedInfrastructure;
import com.example.platform.infra.InfrastructureSettings;

/**
 * The embedded servers of one test JVM: started on first use, shared by every test class,
 * stopped when the JVM exits.
 */
public final class SharedInfrastructure {

	private SharedInfrastructure() {
	}

	/**
	 * Returns the running infrastructure, starting it on the first call.
	 * @return the infrastructure
	 */
	public static EmbeddedInfrastructure get() {
		return Holder.INFRASTRUCTURE;
	}

	private static final class Holder {

		static final EmbeddedInfrastructure INFRASTRUCTURE = start();

		private static EmbeddedInfrastructure start() {
			try {
				Path workDirectory = Files.createTempDirectory("platform-test-infrastructure-");
				EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure
					.start(InfrastructureSettings.ephemeral(workDirectory));
				Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "infrastructure-shutdown"));
				return infrastructure;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
