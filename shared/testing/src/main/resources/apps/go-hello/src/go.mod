module example.com/hello

go 1.19

require (
	example.com/greet v1.2.3
	example.com/shout v1.0.0
)

replace example.com/shout v1.0.0 => example.com/shout2 v1.1.0
