package io.jobsuite.infra;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.MySqlInstanceEngineProps;
import software.amazon.awscdk.services.rds.MysqlEngineVersion;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * RDS MySQL 8.4 (LTS), the job store's source of truth. It sits in isolated subnets with
 * a security group that starts closed: each service's fleet is admitted explicitly with
 * {@link #allowFrom}.
 */
public class Database extends Construct {

	static final String DATABASE_NAME = "jobs";

	static final int PORT = 3306;

	static final MysqlEngineVersion ENGINE = MysqlEngineVersion.VER_8_4_7;

	private final DatabaseInstance instance;

	private final SecurityGroup securityGroup;

	public Database(Construct scope, String id, StageConfig config, IVpc vpc) {
		super(scope, id);
		this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
			.vpc(vpc)
			.description("MySQL: reachable only from the JobSuite services")
			.allowAllOutbound(false)
			.build();
		this.instance = DatabaseInstance.Builder.create(this, "Instance")
			.instanceIdentifier(config.name("jobsuite-mysql"))
			// 8.4 is the LTS line (8.0 is past standard support and billed as Extended
			// Support); a pinned minor so every stage runs the same server.
			.engine(DatabaseInstanceEngine.mysql(MySqlInstanceEngineProps.builder().version(ENGINE).build()))
			.instanceType(config.isProd() ? InstanceType.of(InstanceClass.M7G, InstanceSize.LARGE)
					: InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
			.vpc(vpc)
			.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
			.securityGroups(List.of(securityGroup))
			.port(PORT)
			.databaseName(DATABASE_NAME)
			.credentials(Credentials.fromGeneratedSecret("jobsuite"))
			.storageEncrypted(true)
			.allocatedStorage(20)
			.maxAllocatedStorage(config.isProd() ? 500 : 50)
			.multiAz(config.isProd())
			.backupRetention(Duration.days(config.isProd() ? 14 : 1))
			.deletionProtection(config.isProd())
			.removalPolicy(config.isProd() ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY)
			.build();
		Nag.suppress(instance, "AwsSolutions-RDS11",
				"A non-default port hides nothing here: the instance is in isolated subnets and its security group"
						+ " admits only the three service security groups.");
		Nag.suppress(instance, "AwsSolutions-SMG4",
				"The services read the secret once at start (systemd ExecStartPre), so a rotation would break"
						+ " running instances until they restart; rotation with a coordinated restart is a follow-up"
						+ " (README).");
		if (!config.isProd()) {
			Nag.suppress(instance, "AwsSolutions-RDS3", "dev runs single-AZ to save cost; prod is multi-AZ.");
			Nag.suppress(instance, "AwsSolutions-RDS10",
					"dev is disposable and must tear down with cdk destroy; prod has deletion protection.");
		}
	}

	/** Admits one service's security group on the MySQL port, nothing else. */
	public void allowFrom(SecurityGroup client, String service) {
		securityGroup.addIngressRule(client, Port.tcp(PORT), "MySQL from " + service);
	}

	public ISecret secret() {
		return instance.getSecret();
	}

	/** The JDBC URL the services read as DB_URL. */
	public String jdbcUrl() {
		return "jdbc:mysql://" + instance.getDbInstanceEndpointAddress() + ":" + PORT + "/" + DATABASE_NAME;
	}

}
