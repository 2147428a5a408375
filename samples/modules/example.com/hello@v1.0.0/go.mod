module example.com/hello

go 1.19

require example.com/greetings v1.2.0
