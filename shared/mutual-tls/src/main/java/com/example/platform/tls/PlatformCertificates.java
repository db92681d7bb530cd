package com.example.platform.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A platform CA and one certificate per application, generated on first use and reused
 * after, in cert-manager's layout: {@code <directory>/<name>/tls.crt} (the leaf),
 * {@code tls.key} (its PKCS#8 EC P-256 key) and {@code ca.crt} (the CA), which Boot's PEM
 * SSL bundles, Prometheus and openssl all read as they are. The CA's key stays in
 * {@code <directory>/ca/}, owner-only, and is never handed to an application.
 * <p>
 * The JDK has no public API that issues certificates, so this runs {@code keytool} (a JDK
 * 19+ {@code -signer} signs a leaf in one step); the PEM files are written from the
 * resulting key stores. Each certificate costs a JVM start (a few seconds under load),
 * paid once: a leaf is re-issued only when it is missing, expires within
 * {@link #RENEW_BEFORE}, or was signed by another CA.
 */
public final class PlatformCertificates {

	/** A leaf closer than this to its expiry is issued again. */
	static final Duration RENEW_BEFORE = Duration.ofDays(30);

	static final String CA = "ca";

	private static final int CA_DAYS = 3650;

	// The CA/Browser Forum's maximum; nothing here needs more.
	private static final int LEAF_DAYS = 397;

	private static final Duration KEYTOOL_TIMEOUT = Duration.ofMinutes(2);

	private final Path directory;

	private PlatformCertificates(Path directory) {
		this.directory = directory;
	}

	/**
	 * The certificates in a directory, issuing the CA and any leaf that is missing or due
	 * for renewal.
	 * @param directory where they are kept, e.g. {@code .platform/secrets/tls}
	 * @param leaves the certificates wanted, one per application
	 * @return the certificates
	 */
	public static PlatformCertificates loadOrCreate(Path directory, List<Leaf> leaves) {
		PlatformCertificates certificates = new PlatformCertificates(directory);
		try {
			createPrivateDirectory(directory);
			certificates.ensureCa();
			List<Leaf> due = new ArrayList<>();
			for (Leaf leaf : leaves) {
				if (!certificates.isCurrent(leaf)) {
					due.add(leaf);
				}
			}
			// One keytool per leaf, all at once: each is mostly JVM start-up.
			List<Process> running = new ArrayList<>();
			for (Leaf leaf : due) {
				running.add(certificates.startIssuing(leaf));
			}
			for (int i = 0; i < due.size(); i++) {
				await(running.get(i), "issuing " + due.get(i).name());
				certificates.writePem(due.get(i));
			}
			return certificates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the platform certificates in " + directory, ex);
		}
	}

	/**
	 * Where they are kept.
	 * @return the directory holding one directory per leaf and the CA's
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * One application's directory, the one its {@code PLATFORM_TLS_DIRECTORY} names.
	 * @param name the leaf's name
	 * @return {@code <directory>/<name>}
	 */
	public Path directoryOf(String name) {
		return this.directory.resolve(name);
	}

	/**
	 * A Boot SSL bundle of one leaf: its certificate and key, and the platform CA as the
	 * only trust anchor. Clients built with it present the leaf and accept only servers
	 * with a platform certificate.
	 * @param name the leaf's name
	 * @return the bundle
	 */
	public SslBundle bundle(String name) {
		return bundleOf(directoryOf(name));
	}

	/**
	 * An SSL context for a JDK client, e.g.
	 * {@code HttpClient.newBuilder().sslContext(..)}.
	 * @param name the leaf's name
	 * @return the context
	 */
	public SSLContext sslContext(String name) {
		return bundle(name).createSslContext();
	}

	/**
	 * The bundle of a directory in cert-manager's layout.
	 * @param directory holding {@code tls.crt}, {@code tls.key} and {@code ca.crt}
	 * @return the bundle
	 */
	public static SslBundle bundleOf(Path directory) {
		PemSslStoreDetails key = PemSslStoreDetails.forCertificate(location(directory.resolve("tls.crt")))
			.withPrivateKey(location(directory.resolve("tls.key")));
		PemSslStoreDetails trust = PemSslStoreDetails.forCertificate(location(directory.resolve("ca.crt")));
		return SslBundle.of(new PemSslStoreBundle(key, trust));
	}

	private static String location(Path file) {
		return "file:" + file.toAbsolutePath();
	}

	private void ensureCa() throws IOException {
		Path ca = this.directory.resolve(CA);
		if (Files.exists(ca.resolve("ca.crt")) && Files.exists(caStore())) {
			return;
		}
		Files.createDirectories(ca);
		Files.deleteIfExists(caStore());
		Files.writeString(passwordFile(), randomPassword() + System.lineSeparator());
		restrictToOwner(passwordFile());
		// Its key never leaves this directory; nothing but this class reads it.
		// The password from its file, never on a command line others could read.
		await(keytool("-genkeypair", "-keystore", caStore().toString(), "-storetype", "PKCS12", "-storepass:file",
				passwordFile().toString(), "-alias", CA, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=platform-ca", "-validity", String.valueOf(CA_DAYS), "-ext", "bc:c=ca:true,pathlen:0", "-ext",
				"ku:c=keyCertSign,cRLSign"), "issuing the CA");
		KeyStore store = load(caStore(), caPassword());
		try {
			writeAtomically(ca.resolve("ca.crt"), pem("CERTIFICATE", store.getCertificate(CA).getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the CA issued in " + caStore(), ex);
		}
	}

	private boolean isCurrent(Leaf leaf) throws IOException {
		Path certificate = directoryOf(leaf.name()).resolve("tls.crt");
		if (!Files.exists(certificate) || !Files.exists(directoryOf(leaf.name()).resolve("tls.key"))) {
			return false;
		}
		X509Certificate issued = (X509Certificate) readCertificates(certificate).getFirst();
		X509Certificate ca = (X509Certificate) readCertificates(this.directory.resolve(CA).resolve("ca.crt"))
			.getFirst();
		try {
			issued.verify(ca.getPublicKey());
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
		return issued.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
	}

	// keytool's -signer takes the CA from the key store the leaf goes into: each leaf is
	// issued in a copy of the CA's store, so several can be issued at once.
	private Process startIssuing(Leaf leaf) throws IOException {
		Path store = leafStore(leaf);
		Files.copy(caStore(), store, StandardCopyOption.REPLACE_EXISTING);
		restrictToOwner(store);
		String sans = leaf.dnsNames().stream().map((name) -> "dns:" + name).collect(Collectors.joining(","))
				+ ",ip:127.0.0.1";
		return keytool("-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass:file",
				passwordFile().toString(), "-alias", leaf.name(), "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=" + leaf.name(), "-validity", String.valueOf(LEAF_DAYS), "-signer", CA, "-ext", "san=" + sans,
				"-ext", "eku=serverAuth,clientAuth", "-ext", "ku:c=digitalSignature");
	}

	private void writePem(Leaf leaf) throws IOException {
		Path store = leafStore(leaf);
		KeyStore keys = load(store, caPassword());
		try {
			PrivateKey key = (PrivateKey) keys.getKey(leaf.name(), caPassword().toCharArray());
			Path target = directoryOf(leaf.name());
			Files.createDirectories(target);
			// Written before the certificate: a reader that sees the new tls.crt finds
			// its key.
			writeAtomically(target.resolve("tls.key"), pem("PRIVATE KEY", key.getEncoded()));
			restrictToOwner(target.resolve("tls.key"));
			writeAtomically(target.resolve("tls.crt"),
					pem("CERTIFICATE", keys.getCertificate(leaf.name()).getEncoded()));
			Files.copy(this.directory.resolve(CA).resolve("ca.crt"), target.resolve("ca.crt"),
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the key issued for " + leaf.name(), ex);
		}
		finally {
			Files.deleteIfExists(store);
		}
	}

	private Path caStore() {
		return this.directory.resolve(CA).resolve("ca.p12");
	}

	private Path leafStore(Leaf leaf) {
		return this.directory.resolve(CA).resolve(leaf.name() + ".p12");
	}

	private Path passwordFile() {
		return this.directory.resolve(CA).resolve("password");
	}

	private String caPassword() throws IOException {
		return Files.readString(passwordFile()).strip();
	}

	private static Process keytool(String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	private static void await(Process process, String what) throws IOException {
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(KEYTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool did not finish " + what + " within " + KEYTOOL_TIMEOUT);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed " + what + ": " + output.strip());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException("Interrupted while " + what, ex);
		}
	}

	private static KeyStore load(Path store, String password) throws IOException {
		try (InputStream in = Files.newInputStream(store)) {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(in, password.toCharArray());
			return keys;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read " + store, ex);
		}
	}

	private static List<? extends Certificate> readCertificates(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	// Written next to the target and moved, so a reader (or a reloading bundle) never
	// sees
	// half a file.
	private static void writeAtomically(Path file, String content) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		Files.writeString(temporary, content);
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static void createPrivateDirectory(Path directory) throws IOException {
		Files.createDirectories(directory);
		if (isPosix()) {
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
		}
	}

	private static void restrictToOwner(Path file) throws IOException {
		if (isPosix()) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
	}

	private static boolean isPosix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

	private static String randomPassword() {
		byte[] value = new byte[24];
		new SecureRandom().nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

	/**
	 * One certificate: for an application both its server and its client certificate.
	 *
	 * @param name its directory and common name, e.g. {@code user-service}
	 * @param dnsNames the host names callers reach it by, e.g. {@code localhost}; the
	 * loopback address is always included
	 */
	public record Leaf(String name, List<String> dnsNames) {

		public Leaf {
			if (CA.equals(name)) {
				throw new IllegalArgumentException("'" + CA + "' is the CA's own directory");
			}
			dnsNames = List.copyOf(dnsNames);
			if (dnsNames.isEmpty()) {
				throw new IllegalArgumentException("A certificate for " + name + " needs at least one host name");
			}
		}

		/**
		 * A certificate for this machine: it names the application and {@code localhost}.
		 * @param name the application's name
		 * @return the leaf
		 */
		public static Leaf local(String name) {
			return new Leaf(name, List.of(name, "localhost"));
		}

	}

}
