package com.example.platform.user.user;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

import com.example.platform.cache.VersionedCacheManager;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

// The races the pre-checks cannot see: another request commits between check and write.
class UserServiceTests {

	private final UserRepository repository = mock();

	private final UserService service = new UserService(this.repository, TransactionOperations.withoutTransaction(),
			(event) -> {
			}, caches());

	private static VersionedCacheManager caches() {
		VersionedCacheManager caches = mock();
		given(caches.cache("users", UserView.class)).willReturn(mock());
		return caches;
	}

	@Test
	void reportsDuplicateEmailWhenUniqueIndexCatchesARace() {
		given(this.repository.save(any())).willThrow(new DuplicateKeyException("users_email_lower_key"));

		assertThatExceptionOfType(DuplicateEmailException.class)
			.isThrownBy(() -> this.service.registerUser(new RegisterUserRequest("ada@example.com", "Ada")))
			.withMessage("A user with email ada@example.com already exists");
	}

	@Test
	void reportsConcurrentModificationWhenVersionedUpdateCatchesARace() {
		User user = new User(UUID.randomUUID(), "ada@example.com", "Ada", 4L, null, 0, BigDecimal.ZERO);
		given(this.repository.findById(user.getId())).willReturn(Optional.of(user));
		given(this.repository.save(user)).willThrow(new OptimisticLockingFailureException("version changed"));

		assertThatExceptionOfType(UserModifiedConcurrentlyException.class)
			.isThrownBy(
					() -> this.service.updateUser(user.getId(), new UpdateUserRequest("ada@example.com", "Ada", 4L)))
			.withMessage("User %s was modified concurrently (expected version 4)", user.getId());
	}

	@Test
	void refusesUpdateFromStaleVersionWithoutWriting() {
		User user = new User(UUID.randomUUID(), "ada@example.com", "Ada", 5L, null, 0, BigDecimal.ZERO);
		given(this.repository.findById(user.getId())).willReturn(Optional.of(user));

		assertThatExceptionOfType(UserModifiedConcurrentlyException.class).isThrownBy(
				() -> this.service.updateUser(user.getId(), new UpdateUserRequest("ada@example.com", "Ada", 4L)));
		then(this.repository).should(never()).save(any());
	}

}
