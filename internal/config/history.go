package config

// History is the history section: the record of sessions.
type History struct {
	Streak bool `mapstructure:"streak"` // show the days in a row in guide history
}
