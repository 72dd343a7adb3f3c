package script

// HasTemplate reports whether s still holds a {name} substitution.
func HasTemplate(s string) bool { return template.MatchString(s) }
