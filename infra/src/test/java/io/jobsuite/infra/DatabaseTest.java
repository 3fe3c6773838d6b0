package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {

	private final Template template = Synthesized.devTemplate();

	@Test
	void databaseIsEncryptedBackedUpMysql84LtsWithAGeneratedSecret() {
		template.hasResourceProperties("AWS::RDS::DBInstance", Map.of("Engine", "mysql", "EngineVersion",
				Match.stringLikeRegexp("8\\.4\\.\\d+"), "StorageEncrypted", true, "BackupRetentionPeriod", 1, "DBName",
				"jobs", "DeletionProtection", false, "MasterUserPassword", Map.of("Fn::Join", Match.arrayWith(List
					.of(Match.arrayWith(List.of(Match.stringLikeRegexp("\\{\\{resolve:secretsmanager:.*"))))))));
		template.hasResourceProperties("AWS::SecretsManager::SecretTargetAttachment", Match.anyValue());
		template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString",
				Match.objectLike(Map.of("SecretStringTemplate", "{\"username\":\"jobsuite\"}"))));
	}

	@Test
	@SuppressWarnings("unchecked")
	void databaseLivesInIsolatedSubnets() {
		Map<String, Object> group = Synthesized.properties(template, "AWS::RDS::DBSubnetGroup")
			.values()
			.iterator()
			.next();
		List<Object> subnets = (List<Object>) group.get("SubnetIds");
		assertThat(subnets).hasSize(2)
			.allSatisfy(ref -> assertThat(((Map<String, String>) ref).get("Ref")).contains("dataSubnet"));
		Map<String, Map<String, Object>> subnetResources = Synthesized.properties(template, "AWS::EC2::Subnet");
		subnets.forEach(ref -> assertThat(subnetResources.get(((Map<String, String>) ref).get("Ref")))
			.containsEntry("MapPublicIpOnLaunch", false));
	}

	@Test
	void prodProtectsTheDatabaseFromDeletionAndRunsMultiAz() {
		Synthesized.prodTemplate()
			.hasResourceProperties("AWS::RDS::DBInstance",
					Map.of("DeletionProtection", true, "MultiAZ", true, "BackupRetentionPeriod", 14));
		Synthesized.prodTemplate().hasResource("AWS::RDS::DBInstance", Map.of("DeletionPolicy", "Snapshot"));
	}

}
