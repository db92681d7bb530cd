package com.example.platform.user.accounts;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.example.platform.cache.VersionedCacheManager;
import com.example.platform.security.Caller;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
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
			}, caches(), NoOpPasswordEncoder.getInstance());

	private static VersionedCacheManager caches() {
		VersionedCacheManager caches = mock();
		given(caches.cache("users", UserView.class)).willReturn(mock());
		return caches;
	}

	@Test
	void reportsDuplicateEmailWhenUniqueIndexCatchesARace() {
		given(this.repository.save(any())).willThrow(new DuplicateKeyException("users_email_lower_key"));

		assertThatExceptionOfType(DuplicateEmailException.class)
			.isThrownBy(() -> this.service
				.registerUser(new RegisterUserRequest("ada@example.com", "Ada", "correct horse battery")))
			.withMessage("A user with email ada@example.com already exists");
	}

	@Test
	void reportsConcurrentModificationWhenVersionedUpdateCatchesARace() {
		User user = new User(UUID.randomUUID(), "ada@example.com", "ada@example.com", "Ada", 4L, null, 0,
				BigDecimal.ZERO, null, UserRole.USER);
		given(this.repository.findById(user.getId())).willReturn(Optional.of(user));
		given(this.repository.save(user)).willThrow(new OptimisticLockingFailureException("version changed"));

		assertThatExceptionOfType(UserModifiedConcurrentlyException.class)
			.isThrownBy(() -> this.service.updateUser(self(user), user.getId(),
					new UpdateUserRequest("ada@example.com", "Ada", 4L)))
			.withMessage("User %s was modified concurrently (expected version 4)", user.getId());
	}

	@Test
	void refusesUpdateFromStaleVersionWithoutWriting() {
		User user = new User(UUID.randomUUID(), "ada@example.com", "ada@example.com", "Ada", 5L, null, 0,
				BigDecimal.ZERO, null, UserRole.USER);
		given(this.repository.findById(user.getId())).willReturn(Optional.of(user));

		assertThatExceptionOfType(UserModifiedConcurrentlyException.class).isThrownBy(() -> this.service
			.updateUser(self(user), user.getId(), new UpdateUserRequest("ada@example.com", "Ada", 4L)));
		then(this.repository).should(never()).save(any());
	}

	@Test
	void answersOtherUsersIdsAsNotFoundWithoutLookingThemUp() {
		UUID other = UUID.randomUUID();
		Caller ada = new Caller(UUID.randomUUID().toString(), Set.of("USER"));

		assertThatExceptionOfType(UserNotFoundException.class).isThrownBy(() -> this.service.findUser(ada, other))
			.withMessage("User %s does not exist", other);
		assertThatExceptionOfType(UserNotFoundException.class)
			.isThrownBy(() -> this.service.updateUser(ada, other, new UpdateUserRequest("a@x.com", "Ada", 0L)));
		assertThatExceptionOfType(UserNotFoundException.class).isThrownBy(() -> this.service.deleteUser(ada, other));
		then(this.repository).shouldHaveNoInteractions();
	}

	@Test
	void letsServicesReadButNotChangeUsers() {
		UUID id = UUID.randomUUID();
		Caller service = new Caller("order-service", Set.of("SERVICE"));

		assertThatExceptionOfType(UserNotFoundException.class)
			.isThrownBy(() -> this.service.updateUser(service, id, new UpdateUserRequest("a@x.com", "Ada", 0L)));
		assertThatExceptionOfType(UserNotFoundException.class).isThrownBy(() -> this.service.deleteUser(service, id));
		assertThatExceptionOfType(UserListingDeniedException.class)
			.isThrownBy(() -> this.service.listUsers(service, 0, 20));
		then(this.repository).shouldHaveNoInteractions();
	}

	@Test
	void listsUsersOnlyForAdmins() {
		assertThatExceptionOfType(UserListingDeniedException.class)
			.isThrownBy(() -> this.service.listUsers(new Caller(UUID.randomUUID().toString(), Set.of("USER")), 0, 20));
	}

	@Test
	void storesOnlyTheHashOfThePassword() {
		UserService hashing = new UserService(this.repository, TransactionOperations.withoutTransaction(), (event) -> {
		}, caches(), PasswordEncoderFactories.createDelegatingPasswordEncoder());
		given(this.repository.save(any())).willAnswer((invocation) -> {
			User user = invocation.getArgument(0);
			return new User(user.getId(), user.getEmail(), CanonicalEmail.of(user.getEmail()), user.getName(), 0L,
					user.getCreatedAt(), 0, user.getTotalSpent(), user.getPasswordHash(), user.getRole());
		});

		hashing.registerUser(new RegisterUserRequest("ada@example.com", "Ada", "correct horse battery"));

		ArgumentCaptor<User> saved = ArgumentCaptor.forClass(User.class);
		then(this.repository).should().save(saved.capture());
		assertThat(saved.getValue().getPasswordHash()).startsWith("{bcrypt}$2").doesNotContain("correct horse");
		assertThat(saved.getValue().getRole()).isEqualTo(UserRole.USER);
	}

	private static Caller self(User user) {
		return new Caller(user.getId().toString(), Set.of("USER"));
	}

}
