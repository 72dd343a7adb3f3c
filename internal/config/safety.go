package config

// Safety is the safety section: the words that keep a session safe.
type Safety struct {
	Intro bool `mapstructure:"intro"` // open with the safety note, and close with how to get up
}
