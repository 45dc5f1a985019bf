package io.workermodel.worker;

/**
 * A worker setting has a value the worker model cannot run with. Names the setting, the value and
 * what is accepted, so that start-up can stop with a message a user can act on.
 */
public class InvalidWorkerSettingException extends IllegalArgumentException {

	private final String setting;

	private final String value;

	private final String accepted;

	public InvalidWorkerSettingException(String setting, Object value, String accepted) {
		super("Invalid worker setting '%s': '%s' (accepted: %s)".formatted(setting, value, accepted));
		this.setting = setting;
		this.value = String.valueOf(value);
		this.accepted = accepted;
	}

	/** The setting's name in kebab case, as in {@code max-requests}. */
	public String getSetting() {
		return this.setting;
	}

	public String getValue() {
		return this.value;
	}

	/** The accepted values or range, in words. */
	public String getAccepted() {
		return this.accepted;
	}

}
