package com.example.platform.testsupport;

import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLContext;

import com.example.platform.tls.PlatformCertificates;
import com.example.platform.tls.PlatformCertificates.Leaf;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * Certificates for tests of mutual TLS: a platform CA with one certificate per
 * application and one for the tests' own clients ({@value #CLIENT}), and a foreign CA
 * issuing certificates with the same names, as an impostor would. Kept under the module's
 * {@code target/}, so they are issued once (keytool takes seconds) and reused by later
 * runs until {@code mvn clean}.
 */
public final class TestCertificates {

	/** The tests' own client certificate. */
	public static final String CLIENT = "test-client";

	private static final List<Leaf> LEAVES = List.of(Leaf.local("discovery"), Leaf.local("gateway"),
			Leaf.local("user-service"), Leaf.local("order-service"), Leaf.local(CLIENT));

	/**
	 * Where the platform's are, relative to the module: a test names an application's
	 * directory in its inlined properties ({@code platform.tls.directory} must be there
	 * before the environment is post-processed, so a {@code @DynamicPropertySource} is
	 * too late for it).
	 */
	public static final String PLATFORM = "target/test-certificates/platform";

	private static final Path DIRECTORY = Path.of("target", "test-certificates");

	private static PlatformCertificates platform;

	private static PlatformCertificates foreign;

	private TestCertificates() {
	}

	/**
	 * The platform's certificates.
	 * @return them, issued on first use
	 */
	public static synchronized PlatformCertificates platform() {
		if (platform == null) {
			platform = PlatformCertificates.loadOrCreate(DIRECTORY.resolve("platform"), LEAVES);
		}
		return platform;
	}

	/**
	 * A client context that trusts a CA but has no certificate to show: what every
	 * platform port must refuse in the handshake.
	 * @param caCertificate the CA's certificate file (a leaf directory's {@code ca.crt})
	 * @return the context
	 */
	public static SSLContext withoutCertificate(Path caCertificate) {
		return SslBundle
			.of(new PemSslStoreBundle(null,
					PemSslStoreDetails.forCertificate("file:" + caCertificate.toAbsolutePath())))
			.createSslContext();
	}

	/**
	 * Certificates from another CA, with the platform's names.
	 * @return them, issued on first use
	 */
	public static synchronized PlatformCertificates foreign() {
		if (foreign == null) {
			foreign = PlatformCertificates.loadOrCreate(DIRECTORY.resolve("foreign"), LEAVES);
		}
		return foreign;
	}

}
