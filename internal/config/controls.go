package config

// Controls is the controls section: how a playing session can be driven
// besides the keyboard and stdin.
type Controls struct {
	Media bool `mapstructure:"media"` // answer the desktop's media keys, headset buttons and media panel (MPRIS on Linux)
}
