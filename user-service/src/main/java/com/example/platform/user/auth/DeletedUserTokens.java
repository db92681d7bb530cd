package com.example.platform.user.auth;

import com.example.platform.security.SubjectRevocations;
import com.example.platform.user.accounts.UserDeleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A deleted user's tokens stop working everywhere within seconds, not when they expire up
 * to 15 minutes later (they listed, read and cancelled the user's orders meanwhile): once
 * the deletion has committed, the user's id is revoked at every validator, the gateway's
 * and every service instance's ({@link SubjectRevocations}).
 */
@Component
class DeletedUserTokens {

	private static final Logger log = LoggerFactory.getLogger(DeletedUserTokens.class);

	private final SubjectRevocations revocations;

	DeletedUserTokens(SubjectRevocations revocations) {
		this.revocations = revocations;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void revokeTokensOf(UserDeleted deleted) {
		try {
			this.revocations.revoke(deleted.userId().toString());
		}
		catch (RuntimeException ex) {
			// The deletion stands; the tokens then expire on their own (15 minutes).
			log.error("Could not revoke the tokens of deleted user {}: {}", deleted.userId(), ex.getMessage());
		}
	}

}
