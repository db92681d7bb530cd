package com.example.platform.infra;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaAclsTests {

	@Test
	void readsOneGrantPerLineAndMakesOneLiteralAllowBindingPerOperation() {
		KafkaAcls acls = KafkaAcls.parse("""
				# comment
				user-service  topic  user-events   WRITE,CREATE

				exporter      group  *             DESCRIBE
				""");

		assertThat(acls.users()).containsExactly("user-service", "exporter");
		assertThat(acls.bindings()).hasSize(3).allSatisfy((binding) -> {
			assertThat(binding.pattern().patternType()).isEqualTo(PatternType.LITERAL);
			assertThat(binding.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
			assertThat(binding.entry().host()).isEqualTo("*");
		});
		assertThat(acls.bindings()).filteredOn((binding) -> binding.pattern().resourceType() == ResourceType.TOPIC)
			.extracting((binding) -> binding.entry().operation())
			.containsExactlyInAnyOrder(AclOperation.WRITE, AclOperation.CREATE);
		assertThat(acls.bindings()).filteredOn((binding) -> binding.pattern().resourceType() == ResourceType.GROUP)
			.singleElement()
			.satisfies((binding) -> {
				assertThat(binding.pattern().name()).isEqualTo("*");
				assertThat(binding.entry().principal()).isEqualTo("User:exporter");
			});
	}

	@Test
	void refusesWhatItCannotGrantPrecisely() {
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaAcls.parse("user-service topic user-events"))
			.withMessageContaining("user resource name operations");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KafkaAcls.parse("user-service cluster kafka-cluster ALTER"))
			.withMessageContaining("topic or a group");
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaAcls.parse("user-service topic user-events ALL"))
			.withMessageContaining("single operation");
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaAcls.parse("user-service topic user-events write"))
			.withMessageContaining("upper case");
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaAcls.parse("User:x topic user-events WRITE"))
			.withMessageContaining("lower-case");
	}

	@Test
	void thePackedListIsTheDeploymentsOwnAndGrantsNoOneEverything() {
		KafkaAcls declared = KafkaAcls.declared();

		assertThat(declared.users()).contains("user-service", "order-service").doesNotContain(KafkaBroker.ADMIN_USER);
		assertThat(declared.bindings()).noneMatch((binding) -> binding.entry().operation() == AclOperation.ALL);
	}

}
