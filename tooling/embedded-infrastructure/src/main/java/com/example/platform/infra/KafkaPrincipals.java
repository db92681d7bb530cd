package com.example.platform.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * The broker's users and grants, set through an administrator's client at every start:
 * every user's SCRAM credential and exactly the declared grants.
 */
final class KafkaPrincipals {

	private final InfrastructureCredentials credentials;

	private final KafkaAcls acls;

	private final Duration timeout;

	KafkaPrincipals(InfrastructureCredentials credentials, KafkaAcls acls, Duration timeout) {
		this.credentials = credentials;
		this.acls = acls;
		this.timeout = timeout;
	}

	void apply(Admin admin) {
		setScramCredentials(admin);
		applyAcls(admin);
	}

	/**
	 * Sets every user's SCRAM credential through the internal listener, so that the
	 * client listener knows the current passwords even on data formatted before them.
	 */
	private void setScramCredentials(Admin admin) {
		List<UserScramCredentialAlteration> alterations = new ArrayList<>();
		alterations.add(scramUpsertion(KafkaBroker.ADMIN_USER, this.credentials.kafkaAdminPassword()));
		this.acls.users()
			.forEach((user) -> alterations.add(scramUpsertion(user, this.credentials.kafkaPassword(user))));
		retry("Kafka did not take the SCRAM credentials",
				() -> admin.alterUserScramCredentials(alterations).all().get(3, TimeUnit.SECONDS));
	}

	/**
	 * Makes the broker's grants exactly the declared ones (kept data may hold grants an
	 * earlier version declared), and returns once the broker answers with them: the
	 * controller takes a change before the broker applies it.
	 */
	private void applyAcls(Admin admin) {
		Set<AclBinding> declared = this.acls.bindings();
		retry("Kafka did not take the grants", () -> {
			Set<AclBinding> stored = new HashSet<>(
					admin.describeAcls(AclBindingFilter.ANY).values().get(3, TimeUnit.SECONDS));
			if (stored.equals(declared)) {
				return;
			}
			Set<AclBinding> stale = new HashSet<>(stored);
			stale.removeAll(declared);
			if (!stale.isEmpty()) {
				admin.deleteAcls(stale.stream().map(AclBinding::toFilter).toList()).all().get(3, TimeUnit.SECONDS);
			}
			admin.createAcls(declared).all().get(3, TimeUnit.SECONDS);
			throw new TimeoutException("The broker does not answer with the declared grants yet");
		});
	}

	private void retry(String failure, AdminCall call) {
		Instant deadline = Instant.now().plus(this.timeout);
		while (true) {
			try {
				call.run();
				return;
			}
			catch (ExecutionException | TimeoutException ex) {
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException(failure, ex);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted: " + failure, ex);
			}
		}
	}

	@FunctionalInterface
	private interface AdminCall {

		void run() throws ExecutionException, TimeoutException, InterruptedException;

	}

	private static UserScramCredentialUpsertion scramUpsertion(String user, String password) {
		return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
				password);
	}

}
